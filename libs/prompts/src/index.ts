/** The prompt registry. Other libs use PromptsService; the repository and the renderer stay private to this lib. */

/** The `prompts` table: one row per prompt, its current state. */
export * from './prompt.entity.js';
/** The `prompt_versions` table: past states of prompts. */
export * from './prompt-version.entity.js';
/** PromptsModule: import it to inject PromptsService. */
export * from './prompts.module.js';
/** PromptsService: requirePrompts, toResponse, renderPrompt, listPrompts and the REST operations. */
export * from './prompts.service.js';
/** PromptsException and its codes (PROMPT_NOT_FOUND, PROMPT_RENDER_TIMEOUT, …). */
export * from './prompts.exception.js';
/** A stored prompt as PromptsService hands it out (plain data). */
export type { PromptRecord } from './prompts.repository.js';
/** The MCP shapes of prompt messages and arguments. */
export type { PromptMessage, PromptContent, PromptRole } from './prompt-message.js';
export type { PromptArgument } from './prompt-arguments.js';
/** Request and response bodies of the /prompts API. */
export * from './dto/prompt-create.dto.js';
export * from './dto/prompt-update.dto.js';
export * from './dto/prompt-rollback.dto.js';
export * from './dto/prompt-argument.dto.js';
export * from './dto/prompt-message.dto.js';
export * from './dto/prompt-response.dto.js';
