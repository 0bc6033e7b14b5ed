/** Authentication: credential verification, the global guard, @Public(), and token creation shared with the CLI. */
export * from './auth.module.js';
export * from './auth.exception.js';
export * from './credentials-verifier.js';
export * from './gateway-auth.guard.js';
export * from './jwt-token.js';
export * from './principal.js';
export * from './public.decorator.js';
