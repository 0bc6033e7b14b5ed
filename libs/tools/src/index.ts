/** The tool registry. Other libs use ToolsService; the repository stays private to this lib. */
export * from './tool.entity.js';
export * from './tools.module.js';
export * from './tools.service.js';
export * from './tools.exception.js';
export type { ToolRecord } from './tools.repository.js';
export * from './dto/tool-create.dto.js';
export * from './dto/tool-update.dto.js';
export * from './dto/tool-response.dto.js';
