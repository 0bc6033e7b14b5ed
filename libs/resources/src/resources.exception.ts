import { HttpStatus } from '@nestjs/common';
import { GatewayException } from '@app/common';

export type ResourcesErrorCode =
  | 'RESOURCE_NOT_FOUND'
  | 'RESOURCE_NO_CONTENT'
  | 'RESOURCE_URI_CONFLICT'
  | 'RESOURCE_INVALID'
  | 'RESOURCE_MIME_NOT_ALLOWED'
  | 'RESOURCE_TOO_LARGE'
  | 'RESOURCE_UPSTREAM_UNAVAILABLE';

const STATUS: Record<ResourcesErrorCode, HttpStatus> = {
  RESOURCE_NOT_FOUND: HttpStatus.NOT_FOUND,
  RESOURCE_NO_CONTENT: HttpStatus.NOT_FOUND,
  RESOURCE_URI_CONFLICT: HttpStatus.CONFLICT,
  RESOURCE_INVALID: HttpStatus.UNPROCESSABLE_ENTITY,
  RESOURCE_MIME_NOT_ALLOWED: HttpStatus.UNPROCESSABLE_ENTITY,
  RESOURCE_TOO_LARGE: HttpStatus.PAYLOAD_TOO_LARGE,
  RESOURCE_UPSTREAM_UNAVAILABLE: HttpStatus.BAD_GATEWAY,
};

/** Errors of the resource registry; the code decides the HTTP status (and, on MCP routes, the JSON-RPC error). */
export class ResourcesException extends GatewayException<ResourcesErrorCode> {
  constructor(code: ResourcesErrorCode, message: string) {
    super(code, message, STATUS[code]);
  }

  static notFound(what: string | number): ResourcesException {
    return new ResourcesException('RESOURCE_NOT_FOUND', `Resource not found: ${what}`);
  }
}
