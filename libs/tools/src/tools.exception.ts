import { HttpStatus } from '@nestjs/common';
import { GatewayException } from '@app/common';

export type ToolsErrorCode = 'TOOL_NOT_FOUND' | 'TOOL_NAME_CONFLICT' | 'TOOL_INVALID';

const STATUS: Record<ToolsErrorCode, HttpStatus> = {
  TOOL_NOT_FOUND: HttpStatus.NOT_FOUND,
  TOOL_NAME_CONFLICT: HttpStatus.CONFLICT,
  TOOL_INVALID: HttpStatus.UNPROCESSABLE_ENTITY,
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
