import { HttpStatus } from '@nestjs/common';
import { GatewayException } from '@app/common';

export type AuthErrorCode =
  | 'AUTH_REQUIRED'
  | 'AUTH_MALFORMED'
  | 'AUTH_INVALID_CREDENTIALS'
  | 'AUTH_TOKEN_EXPIRED'
  | 'AUTH_TOKEN_INVALID';

/** Every authentication failure: always 401, with a message that says what to fix and never echoes the secret. */
export class AuthException extends GatewayException<AuthErrorCode> {
  constructor(code: AuthErrorCode, message: string) {
    super(code, message, HttpStatus.UNAUTHORIZED);
  }
}
