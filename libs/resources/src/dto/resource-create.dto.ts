import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  registerDecorator,
  type ValidationOptions,
} from 'class-validator';
import { Alias } from '@app/common';
import { isUriTemplate, MAX_RESOURCE_URI_LENGTH, RESOURCE_URI_PATTERN } from '../resource-uri.js';

/** MIME type, optionally with parameters: `text/plain`, `text/plain; charset=utf-8`. */
export const MIME_TYPE_PATTERN = /^[\w.+-]+\/[\w.+-]+(\s*;.*)?$/;

/** A well-formed RFC 6570 URI template. */
export function IsUriTemplate(options?: ValidationOptions): PropertyDecorator {
  return (target, property) =>
    registerDecorator({
      name: 'isUriTemplate',
      target: target.constructor,
      propertyName: String(property),
      options: {
        message: `${String(property)} must be an RFC 6570 URI template, e.g. file:///logs/{date}.log`,
        ...options,
      },
      validator: { validate: (value: unknown) => typeof value === 'string' && isUriTemplate(value) },
    });
}

/** Body of POST /resources. Field names are camelCase; the reference's snake_case names are accepted too. */
export class ResourceCreateDto {
  @ApiProperty({
    example: 'config://app/settings',
    description: 'Unique resource URI: a scheme, a colon, then the rest (no whitespace)',
    maxLength: MAX_RESOURCE_URI_LENGTH,
  })
  @IsString()
  @MaxLength(MAX_RESOURCE_URI_LENGTH)
  @Matches(RESOURCE_URI_PATTERN, {
    message: 'uri must be a URI with a scheme (e.g. config://app/settings, file:///x.txt), without spaces',
  })
  uri!: string;

  @ApiProperty({ example: 'App Settings', maxLength: 255 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  name!: string;

  @ApiPropertyOptional({ example: 'Settings of the app' })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  description?: string | null;

  @ApiPropertyOptional({
    example: 'text/plain',
    description:
      'MIME type (alias mime_type); detected from the URI extension or the content when left out. ' +
      'Must be one of ALLOWED_MIME_TYPES',
  })
  @Alias('mime_type')
  @IsOptional()
  @IsString()
  @MaxLength(255)
  @Matches(MIME_TYPE_PATTERN, { message: 'mimeType must be a MIME type like text/plain' })
  mimeType?: string | null;

  @ApiPropertyOptional({
    example: 'file:///logs/{date}.log',
    description: 'RFC 6570 URI template (alias uri_template); a template resource may have no content',
  })
  @Alias('uri_template')
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  @IsUriTemplate()
  template?: string | null;

  @ApiPropertyOptional({
    example: 'key=value',
    description: 'Text content (UTF-8); send this or blob, not both. At most MAX_RESOURCE_SIZE bytes',
  })
  @IsOptional()
  @IsString()
  content?: string | null;

  @ApiPropertyOptional({
    example: 'iVBORw0KGgo=',
    description:
      'Binary content, base64-encoded; send this or content, not both. At most MAX_RESOURCE_SIZE bytes decoded',
  })
  @IsOptional()
  @IsString()
  blob?: string | null;
}
