import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** A virtual server as the API returns it. */
export class ServerResponseDto {
  @ApiProperty({ example: '0f3c9b6e2a1d4e5f8a7b6c5d4e3f2a1b' })
  id!: string;
  @ApiProperty()
  name!: string;
  @ApiPropertyOptional({ nullable: true, type: String })
  description!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String })
  icon!: string | null;
  @ApiProperty()
  isActive!: boolean;
  @ApiProperty({ type: [String] })
  associatedTools!: string[];
  @ApiProperty({ type: [Number] })
  associatedResources!: number[];
  @ApiProperty({ type: [Number] })
  associatedPrompts!: number[];
  @ApiProperty()
  createdAt!: string;
  @ApiProperty()
  updatedAt!: string;
}

export class ServerStatusResponseDto {
  @ApiProperty({ example: 'success' })
  status!: string;
  @ApiProperty()
  message!: string;
  @ApiPropertyOptional({ type: ServerResponseDto })
  server?: ServerResponseDto;
}
