import { HttpStatus } from '@nestjs/common';
import { GatewayException } from '@app/common';

export type PromptsErrorCode =
  | 'PROMPT_NOT_FOUND'
  | 'PROMPT_VERSION_NOT_FOUND'
  | 'PROMPT_NAME_CONFLICT'
  | 'PROMPT_INVALID'
  | 'PROMPT_TOO_LARGE'
  | 'PROMPT_TEMPLATE_INVALID'
  | 'PROMPT_ARGUMENTS_INVALID'
  | 'PROMPT_RENDER_FAILED'
  | 'PROMPT_RENDER_TIMEOUT'
  | 'PROMPT_OUTPUT_TOO_LARGE'
  | 'PROMPT_RENDER_BUSY'
  | 'PROMPT_UPSTREAM_UNAVAILABLE';

const STATUS: Record<PromptsErrorCode, HttpStatus> = {
  PROMPT_UPSTREAM_UNAVAILABLE: HttpStatus.BAD_GATEWAY,
  PROMPT_NOT_FOUND: HttpStatus.NOT_FOUND,
  PROMPT_VERSION_NOT_FOUND: HttpStatus.NOT_FOUND,
  PROMPT_NAME_CONFLICT: HttpStatus.CONFLICT,
  PROMPT_INVALID: HttpStatus.UNPROCESSABLE_ENTITY,
  PROMPT_TOO_LARGE: HttpStatus.PAYLOAD_TOO_LARGE,
  PROMPT_TEMPLATE_INVALID: HttpStatus.UNPROCESSABLE_ENTITY,
  PROMPT_ARGUMENTS_INVALID: HttpStatus.UNPROCESSABLE_ENTITY,
  PROMPT_RENDER_FAILED: HttpStatus.UNPROCESSABLE_ENTITY,
  PROMPT_RENDER_TIMEOUT: HttpStatus.UNPROCESSABLE_ENTITY,
  PROMPT_OUTPUT_TOO_LARGE: HttpStatus.UNPROCESSABLE_ENTITY,
  PROMPT_RENDER_BUSY: HttpStatus.SERVICE_UNAVAILABLE,
};

/** Errors of the prompt registry; the code decides the HTTP status (and, on MCP routes, the JSON-RPC error). */
export class PromptsException extends GatewayException<PromptsErrorCode> {
  constructor(code: PromptsErrorCode, message: string) {
    super(code, message, STATUS[code]);
  }

  static notFound(nameOrId: string | number): PromptsException {
    return new PromptsException('PROMPT_NOT_FOUND', `Prompt not found: ${nameOrId}`);
  }
}
