import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PromptArgumentDto } from './prompt-argument.dto.js';
import { PromptMessageDto } from './prompt-message.dto.js';

/** A prompt as the API returns it (camelCase, as the reference serialises). */
export class PromptResponseDto {
  @ApiProperty({ example: 1 })
  id!: number;
  @ApiProperty()
  name!: string;
  @ApiProperty({ description: 'Name the upstream knows the prompt by' })
  originalName!: string;
  @ApiPropertyOptional({ nullable: true, type: String })
  description!: string | null;
  @ApiProperty({ description: 'Template in Jinja2 syntax; empty for a prompt made of messages only' })
  template!: string;
  @ApiPropertyOptional({ nullable: true, type: [PromptMessageDto] })
  messages!: PromptMessageDto[] | null;
  @ApiProperty({ type: 'object', additionalProperties: true })
  argumentSchema!: Record<string, unknown>;
  @ApiProperty({
    type: [PromptArgumentDto],
    description: 'The arguments in MCP form, derived from argumentSchema',
  })
  arguments!: PromptArgumentDto[];
  @ApiProperty({ example: 1, description: 'Counts the edits: every update adds one' })
  version!: number;
  @ApiProperty()
  isActive!: boolean;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Upstream gateway it was imported from' })
  gatewayId!: string | null;
  @ApiProperty()
  createdAt!: string;
  @ApiProperty()
  updatedAt!: string;
}

/** `{ status, message, prompt }` answer of delete and toggle. */
export class PromptStatusResponseDto {
  @ApiProperty({ example: 'success' })
  status!: string;
  @ApiProperty()
  message!: string;
  @ApiPropertyOptional({ type: PromptResponseDto })
  prompt?: PromptResponseDto;
}

/** A rendered prompt: the MCP GetPromptResult. */
export class PromptResultDto {
  @ApiPropertyOptional()
  description?: string;
  @ApiProperty({ type: [PromptMessageDto] })
  messages!: PromptMessageDto[];
}

/** One version of a prompt; the list includes the current one. */
export class PromptVersionResponseDto {
  @ApiProperty({ example: 2 })
  version!: number;
  @ApiProperty()
  template!: string;
  @ApiPropertyOptional({ nullable: true, type: [PromptMessageDto] })
  messages!: PromptMessageDto[] | null;
  @ApiProperty({ type: 'object', additionalProperties: true })
  argumentSchema!: Record<string, unknown>;
  @ApiPropertyOptional({ nullable: true, type: String })
  description!: string | null;
  @ApiProperty({ description: 'When this version became current' })
  createdAt!: string;
  @ApiProperty({ description: 'Whether this is the prompt as it is now' })
  current!: boolean;
}
