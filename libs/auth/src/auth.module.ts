import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CredentialsVerifier } from './credentials-verifier.js';
import { GatewayAuthGuard } from './gateway-auth.guard.js';

/** Authentication for every route: Basic and JWT bearer, one verifier shared with the MCP transports. */
@Global()
@Module({
  providers: [CredentialsVerifier, { provide: APP_GUARD, useClass: GatewayAuthGuard }],
  exports: [CredentialsVerifier],
})
export class AuthModule {}
