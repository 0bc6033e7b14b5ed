import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** A resource as the API lists it (camelCase, as the reference serialises). The content is not included. */
export class ResourceResponseDto {
  @ApiProperty({ example: 1 })
  id!: number;
  @ApiProperty({ example: 'config://app/settings' })
  uri!: string;
  @ApiProperty({ example: 'App Settings' })
  name!: string;
  @ApiPropertyOptional({ nullable: true, type: String })
  description!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'text/plain' })
  mimeType!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'RFC 6570 URI template' })
  template!: string | null;
  @ApiProperty({ description: 'Content size in bytes (decoded, for binary content)' })
  size!: number;
  @ApiProperty()
  isActive!: boolean;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Upstream gateway this resource was imported from',
  })
  gatewayId!: string | null;
  @ApiProperty()
  createdAt!: string;
  @ApiProperty()
  updatedAt!: string;
}

/** The content of a resource, as GET /resources/{uri} and MCP resources/read answer: `text` or `blob`. */
export class ResourceContentDto {
  @ApiProperty({ enum: ['resource'], example: 'resource' })
  type!: 'resource';
  @ApiProperty({ example: 'config://app/settings' })
  uri!: string;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'text/plain' })
  mimeType!: string | null;
  @ApiPropertyOptional({ description: 'Text content (text resources)', example: 'key=value' })
  text?: string;
  @ApiPropertyOptional({ description: 'Binary content, base64-encoded (binary resources)' })
  blob?: string;
}

export class ResourceStatusResponseDto {
  @ApiProperty({ example: 'success' })
  status!: string;
  @ApiProperty()
  message!: string;
  @ApiPropertyOptional({ type: ResourceResponseDto })
  resource?: ResourceResponseDto;
}
