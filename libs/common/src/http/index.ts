export * from './sse-stream.js';
export * from './dto-helpers.js';
