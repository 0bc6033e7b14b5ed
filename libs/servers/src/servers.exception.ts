import { HttpStatus } from '@nestjs/common';
import { GatewayException } from '@app/common';

export type ServersErrorCode = 'SERVER_NOT_FOUND' | 'SERVER_NAME_CONFLICT';

const STATUS: Record<ServersErrorCode, HttpStatus> = {
  SERVER_NOT_FOUND: HttpStatus.NOT_FOUND,
  SERVER_NAME_CONFLICT: HttpStatus.CONFLICT,
};

/** Errors of the virtual-server registry. */
export class ServersException extends GatewayException<ServersErrorCode> {
  constructor(code: ServersErrorCode, message: string) {
    super(code, message, STATUS[code]);
  }

  static notFound(id: string): ServersException {
    return new ServersException('SERVER_NOT_FOUND', `Server not found: ${id}`);
  }
}
