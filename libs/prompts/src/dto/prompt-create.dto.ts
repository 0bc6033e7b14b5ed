import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsObject, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { Alias } from '@app/common';
import { PromptArgumentDto } from './prompt-argument.dto.js';
import { PromptMessageDto } from './prompt-message.dto.js';

/** Prompt names: letters, digits, `_`, `-`, `.`; must not start with `-` or `.`. */
export const PROMPT_NAME_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/**
 * Body of POST /prompts. Field names are camelCase; the reference's snake_case names are accepted too.
 * A prompt has a `template`, `messages`, or both (the template renders as the first user message).
 */
export class PromptCreateDto {
  @ApiProperty({
    example: 'greet',
    description: 'Unique prompt name (letters, digits, _ - .)',
    maxLength: 255,
  })
  @IsString()
  @MaxLength(255)
  @Matches(PROMPT_NAME_PATTERN, {
    message: 'name may contain only letters, digits, _, - and ., and must not start with - or .',
  })
  name!: string;

  @ApiPropertyOptional({ example: 'Greets a user', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  description?: string | null;

  @ApiPropertyOptional({
    example: 'Hello, {{ user }}!',
    description:
      'Template in Jinja2 syntax (rendered with nunjucks in a sandbox); at most MAX_PROMPT_SIZE bytes',
  })
  @IsOptional()
  @IsString()
  template?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { type: 'object', properties: { user: { type: 'string' } }, required: ['user'] },
    description: 'JSON Schema of the arguments (alias argument_schema); or give `arguments`',
  })
  @Alias('argument_schema')
  @IsOptional()
  @IsObject()
  argumentSchema?: Record<string, unknown>;

  @ApiPropertyOptional({
    type: [PromptArgumentDto],
    description: 'The arguments in MCP form, converted to an equivalent argumentSchema (string values)',
  })
  @IsOptional()
  @IsArray({ message: 'arguments must be a list of { name, description, required }' })
  @ValidateNested({ each: true })
  @Type(() => PromptArgumentDto)
  arguments?: PromptArgumentDto[];

  @ApiPropertyOptional({
    type: [PromptMessageDto],
    nullable: true,
    description:
      'Messages of a multimodal prompt: text and resource text are templates, images and blobs pass through',
  })
  @IsOptional()
  @IsArray({ message: 'messages must be a list of { role, content }' })
  @ValidateNested({ each: true })
  @Type(() => PromptMessageDto)
  messages?: PromptMessageDto[] | null;
}
