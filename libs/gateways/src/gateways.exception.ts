import { HttpStatus } from '@nestjs/common';
import { GatewayException } from '@app/common';

export type GatewaysErrorCode =
  'GATEWAY_NOT_FOUND' | 'GATEWAY_NAME_CONFLICT' | 'GATEWAY_CONNECTION_FAILED' | 'GATEWAY_INACTIVE';

const STATUS: Record<GatewaysErrorCode, HttpStatus> = {
  GATEWAY_NOT_FOUND: HttpStatus.NOT_FOUND,
  GATEWAY_NAME_CONFLICT: HttpStatus.CONFLICT,
  /** The upstream could not be reached or initialized: nothing was stored or changed. */
  GATEWAY_CONNECTION_FAILED: HttpStatus.BAD_GATEWAY,
  GATEWAY_INACTIVE: HttpStatus.CONFLICT,
};

/** Errors of the upstream registry; the code decides the HTTP status. */
export class GatewaysException extends GatewayException<GatewaysErrorCode> {
  constructor(code: GatewaysErrorCode, message: string) {
    super(code, message, STATUS[code]);
  }

  static notFound(id: string): GatewaysException {
    return new GatewaysException('GATEWAY_NOT_FOUND', `Gateway not found: ${id}`);
  }
}
