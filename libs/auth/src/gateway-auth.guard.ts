import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { CredentialsVerifier } from './credentials-verifier.js';
import { IS_PUBLIC } from './public.decorator.js';
import type { Principal } from './principal.js';

export type AuthenticatedRequest = Request & { principal?: Principal };

/** Global guard: every route needs Basic or Bearer credentials unless marked @Public() or AUTH_REQUIRED=false. */
@Injectable()
export class GatewayAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: CredentialsVerifier,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]))
      return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    req.principal = this.verifier.authenticate(req.headers.authorization);
    return true;
  }
}
