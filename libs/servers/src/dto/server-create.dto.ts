import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { Alias } from '@app/common';

/** Accepts a list or the reference's comma-separated string ("1,2,3"), trimmed, without blanks. */
function idList(value: unknown): unknown {
  const list = typeof value === 'string' ? value.split(',') : value;
  if (!Array.isArray(list)) return list;
  return (list as unknown[]).map((v) => (typeof v === 'string' ? v.trim() : v)).filter((v) => v !== '');
}

/** Like idList, for integer ids given as numbers or numeric strings; anything else stays for validation to reject. */
function intIdList(value: unknown): unknown {
  const list = idList(value);
  if (!Array.isArray(list)) return list;
  return (list as unknown[]).map((v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v));
}

/** Body of POST /servers: a virtual server bundling existing tools, resources and prompts by id. */
export class ServerCreateDto {
  @ApiProperty({ example: 'db', maxLength: 255 })
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  @Matches(/^[^\p{Cc}]+$/u, { message: 'name must not contain control characters' })
  name!: string;

  @ApiPropertyOptional({ example: 'Database' })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  description?: string;

  @ApiPropertyOptional({
    example: 'https://example.com/icon.png',
    description: 'Icon URL (http, https or data:)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(65_536)
  @IsUrl(
    { protocols: ['http', 'https', 'data'], require_protocol: true, require_tld: false },
    { message: 'icon must be an http(s) or data: URL' },
  )
  icon?: string;

  @ApiPropertyOptional({
    type: [String],
    description: 'Tool ids (alias associated_tools; a comma-separated string is accepted)',
  })
  @Alias('associated_tools')
  @Transform(({ value }: { value: unknown }) => idList(value))
  @IsOptional()
  @IsArray({ message: 'associatedTools must be a list of tool ids' })
  @ArrayMaxSize(10_000)
  @IsString({ each: true, message: 'associatedTools must contain tool ids (strings)' })
  associatedTools?: string[];

  @ApiPropertyOptional({ type: [Number], description: 'Resource ids (alias associated_resources)' })
  @Alias('associated_resources')
  @Transform(({ value }: { value: unknown }) => intIdList(value))
  @IsOptional()
  @IsArray({ message: 'associatedResources must be a list of resource ids' })
  @ArrayMaxSize(10_000)
  @IsInt({ each: true, message: 'associatedResources must contain integer resource ids' })
  @Min(1, { each: true })
  associatedResources?: number[];

  @ApiPropertyOptional({ type: [Number], description: 'Prompt ids (alias associated_prompts)' })
  @Alias('associated_prompts')
  @Transform(({ value }: { value: unknown }) => intIdList(value))
  @IsOptional()
  @IsArray({ message: 'associatedPrompts must be a list of prompt ids' })
  @ArrayMaxSize(10_000)
  @IsInt({ each: true, message: 'associatedPrompts must contain integer prompt ids' })
  @Min(1, { each: true })
  associatedPrompts?: number[];
}
