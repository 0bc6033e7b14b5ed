import { PartialType } from '@nestjs/swagger';
import { PromptCreateDto } from './prompt-create.dto.js';

/**
 * Body of PUT /prompts/{name}: any subset of the create fields. `messages: null` and `description: null`
 * remove them. Every update keeps the previous state as a version.
 */
export class PromptUpdateDto extends PartialType(PromptCreateDto) {}
