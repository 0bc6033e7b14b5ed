import { HttpStatus } from '@nestjs/common';
import { GatewayException } from '@app/common';

export type ToolsErrorCode =
  | 'TOOL_NOT_FOUND'
  | 'TOOL_NAME_CONFLICT'
  | 'TOOL_INVALID'
  | 'TOOL_ARGUMENTS_INVALID'
  | 'TOOL_RATE_LIMITED'
  | 'TOOL_CONCURRENCY_LIMITED';

const STATUS: Record<ToolsErrorCode, HttpStatus> = {
  TOOL_NOT_FOUND: HttpStatus.NOT_FOUND,
  TOOL_NAME_CONFLICT: HttpStatus.CONFLICT,
  TOOL_INVALID: HttpStatus.UNPROCESSABLE_ENTITY,
  /** The call's arguments do not match the tool's inputSchema (MCP: -32602 invalid params). */
  TOOL_ARGUMENTS_INVALID: HttpStatus.UNPROCESSABLE_ENTITY,
  TOOL_RATE_LIMITED: HttpStatus.TOO_MANY_REQUESTS,
  TOOL_CONCURRENCY_LIMITED: HttpStatus.TOO_MANY_REQUESTS,
};

/** Errors of the tool registry; the code decides the HTTP status (and, on MCP routes, the JSON-RPC error). */
export class ToolsException extends GatewayException<ToolsErrorCode> {
  constructor(code: ToolsErrorCode, message: string) {
    super(code, message, STATUS[code]);
  }

  static notFound(id: string): ToolsException {
    return new ToolsException('TOOL_NOT_FOUND', `Tool not found: ${id}`);
  }
}
