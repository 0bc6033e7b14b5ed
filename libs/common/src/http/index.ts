export * from './sse-stream.js';
export * from './dto-helpers.js';
export * from './reject-nul.middleware.js';
export * from './outbound-guard.js';
