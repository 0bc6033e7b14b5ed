/**
 * The MCP protocol core (groundwork for the MCP server surface): JSON-RPC message checks, version
 * negotiation and the session model. Transports and the dispatcher build on these.
 */
export * from './protocol/jsonrpc.js';
export * from './protocol/versions.js';
export * from './session/mcp-session.js';
export * from './session/session-registry.js';
export * from './catalog/mcp-catalog.js';
export * from './dispatch/mcp-dispatcher.js';
export * from './dispatch/pagination.js';
export * from './dispatch/message-processor.js';
export * from './http/mcp-http-entry.js';
export * from './transports/stdio.transport.js';
export * from './mcp.module.js';
