import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

/** Body of POST /roots. A bare path such as `/data` is taken as `file:///data`. */
export class RootCreateDto {
  @ApiProperty({ example: 'file:///data', description: 'Root URI (file://…, or a bare absolute path)' })
  @IsString()
  @MinLength(1)
  @MaxLength(700)
  uri!: string;

  @ApiPropertyOptional({ example: 'Data Root' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  name?: string;
}

export class RootResponseDto {
  @ApiProperty({ example: 'file:///data' })
  uri!: string;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'Data Root' })
  name!: string | null;
}
