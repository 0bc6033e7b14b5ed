/** The tool registry. Other libs use ToolsService; the repository stays private to this lib. */
export * from './tool.entity.js';
export * from './tools.module.js';
export * from './tools.service.js';
export * from './tools.exception.js';
export type { ToolRecord } from './tools.repository.js';
export * from './dto/tool-create.dto.js';
export * from './dto/tool-update.dto.js';
export * from './dto/tool-response.dto.js';
/** Calls a tool with validation, limits, timeout, retries, cancellation and metrics (the `tools/call` path). */
export * from './invocation/tool-invocation.service.js';
/** The invoker port and result types; an upstream lib implements ToolInvoker for its integration type. */
export * from './invocation/tool-invoker.js';
/** Where invokers are registered per integration type (MCP by `gateways`, REST by this lib). */
export * from './invocation/tool-invoker.registry.js';
/** Thrown by an invoker for a failure worth another attempt (network error, 5xx, 429). */
export * from './invocation/retryable-invocation.error.js';
/** The REST invoker, for building the service by hand (tests, CLI). */
export * from './invocation/rest-tool-invoker.js';
/** Retry-After as milliseconds, for invokers of other libs. */
export { parseRetryAfter } from './invocation/retry-policy.js';
