import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBase64,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { PROMPT_ROLES, type PromptRole } from '../prompt-message.js';

const CONTENT_TYPES = ['text', 'image', 'resource'] as const;

/** What every message content has; a content whose `type` is unknown is validated as this and refused. */
export class PromptContentDto {
  @ApiProperty({ enum: CONTENT_TYPES })
  @IsIn(CONTENT_TYPES, { message: 'content.type must be text, image or resource' })
  type!: (typeof CONTENT_TYPES)[number];
}

/** Text content: a template, rendered. */
export class PromptTextContentDto {
  @ApiProperty({ enum: ['text'] })
  @IsIn(['text'])
  type!: 'text';

  @ApiProperty({ example: 'Summarise {{ topic }}', description: 'A template (Jinja2 syntax), rendered' })
  @IsString()
  text!: string;
}

/** Image content: base64 data and its image MIME type, passed through unchanged. */
export class PromptImageContentDto {
  @ApiProperty({ enum: ['image'] })
  @IsIn(['image'])
  type!: 'image';

  @ApiProperty({ description: 'Image bytes, base64; passed through unchanged' })
  @IsBase64(undefined, { message: 'image data must be base64' })
  data!: string;

  @ApiProperty({ example: 'image/png' })
  @IsString()
  @MaxLength(255)
  @Matches(/^image\/[\w.+-]+$/, { message: 'image mimeType must be an image type such as image/png' })
  mimeType!: string;
}

/** An embedded resource: `text` (a template, rendered) or `blob` (base64, passed through), not both. */
export class PromptEmbeddedResourceDto {
  @ApiProperty({ example: 'file:///docs/readme.md' })
  @IsString()
  @MaxLength(2048)
  uri!: string;

  @ApiPropertyOptional({ example: 'text/markdown' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  mimeType?: string;

  @ApiPropertyOptional({ description: 'A template (Jinja2 syntax), rendered' })
  @IsOptional()
  @IsString()
  text?: string;

  @ApiPropertyOptional({ description: 'base64; passed through unchanged' })
  @IsOptional()
  @IsBase64(undefined, { message: 'resource blob must be base64' })
  blob?: string;
}

/** Embedded-resource content (MCP EmbeddedResource). */
export class PromptResourceContentDto {
  @ApiProperty({ enum: ['resource'] })
  @IsIn(['resource'])
  type!: 'resource';

  @ApiProperty({ type: PromptEmbeddedResourceDto })
  @IsObject({ message: 'resource content needs a resource object' })
  @ValidateNested()
  @Type(() => PromptEmbeddedResourceDto)
  resource!: PromptEmbeddedResourceDto;
}

/** Any of the three message contents. */
export type PromptContentInput = PromptTextContentDto | PromptImageContentDto | PromptResourceContentDto;

/** One message of a multimodal prompt (MCP PromptMessage); in answers, with its text rendered. */
@ApiExtraModels(PromptTextContentDto, PromptImageContentDto, PromptResourceContentDto)
export class PromptMessageDto {
  @ApiProperty({ enum: PROMPT_ROLES })
  @IsIn(PROMPT_ROLES, { message: 'role must be user or assistant' })
  role!: PromptRole;

  @ApiProperty({
    oneOf: [
      { $ref: getSchemaPath(PromptTextContentDto) },
      { $ref: getSchemaPath(PromptImageContentDto) },
      { $ref: getSchemaPath(PromptResourceContentDto) },
    ],
  })
  @IsObject({ message: 'content must be an object with a type' })
  @ValidateNested()
  @Type(() => PromptContentDto, {
    keepDiscriminatorProperty: true,
    discriminator: {
      property: 'type',
      subTypes: [
        { value: PromptTextContentDto, name: 'text' },
        { value: PromptImageContentDto, name: 'image' },
        { value: PromptResourceContentDto, name: 'resource' },
      ],
    },
  })
  content!: PromptContentInput;
}
