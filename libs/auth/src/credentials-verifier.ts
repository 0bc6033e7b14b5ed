import { timingSafeEqual, createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import jwt, { type Algorithm, type JwtPayload } from 'jsonwebtoken';
import type { KeyObject } from 'node:crypto';
import { GatewayConfig } from '@app/common';
import { AuthException } from './auth.exception.js';
import type { Principal } from './principal.js';
import { verificationKey } from './jwt-token.js';

const CACHE_LIMIT = 10_000;
const CACHE_TTL_MS = 60_000;

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Constant-time string comparison (hashing first makes the lengths equal). */
function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

/**
 * Verifies an Authorization header (Basic or Bearer JWT) and says who is calling. Used by the REST guard and
 * by the MCP transports alike, so there is one notion of "authenticated". Verified tokens are remembered
 * briefly (never past their expiry) so the call path does not re-verify a signature per request.
 */
@Injectable()
export class CredentialsVerifier {
  private readonly key: string | KeyObject;
  private readonly algorithm: Algorithm;
  private readonly verified = new Map<string, { principal: Principal; until: number }>();

  constructor(private readonly config: GatewayConfig) {
    this.algorithm = config.jwtAlgorithm;
    this.key = verificationKey(config.jwtSecretKey, this.algorithm);
  }

  get authRequired(): boolean {
    return this.config.authRequired;
  }

  /** Resolves the caller, or throws AuthException (401). With AUTH_REQUIRED=false, anyone is anonymous. */
  authenticate(header: string | undefined): Principal {
    if (!this.config.authRequired) return { username: 'anonymous', method: 'anonymous' };
    if (!header) {
      throw new AuthException(
        'AUTH_REQUIRED',
        'Authentication required: send "Authorization: Bearer <token>" or Basic credentials',
      );
    }
    const space = header.indexOf(' ');
    const scheme = space > 0 ? header.slice(0, space).toLowerCase() : '';
    const value = space > 0 ? header.slice(space + 1).trim() : '';
    if (!value)
      throw new AuthException(
        'AUTH_MALFORMED',
        'Malformed Authorization header: expected "Bearer <token>" or "Basic <credentials>"',
      );
    if (scheme === 'bearer') return this.verifyToken(value);
    if (scheme === 'basic') return this.verifyBasic(value);
    throw new AuthException(
      'AUTH_MALFORMED',
      `Unsupported authorization scheme "${scheme.slice(0, 20)}": use Bearer or Basic`,
    );
  }

  verifyToken(token: string): Principal {
    const now = Date.now();
    const hit = this.verified.get(token);
    if (hit && hit.until > now) return hit.principal;
    if (hit) this.verified.delete(token);

    let payload: JwtPayload;
    try {
      const decoded = jwt.verify(token, this.key, { algorithms: [this.algorithm] });
      if (typeof decoded === 'string') throw new jwt.JsonWebTokenError('payload is not a JSON object');
      payload = decoded;
    } catch (error) {
      if (error instanceof jwt.TokenExpiredError)
        throw new AuthException('AUTH_TOKEN_EXPIRED', 'Token has expired: create a new one');
      throw new AuthException(
        'AUTH_TOKEN_INVALID',
        'Invalid token: signature, algorithm or format not accepted',
      );
    }
    const username =
      typeof payload.sub === 'string'
        ? payload.sub
        : typeof payload.username === 'string'
          ? payload.username
          : undefined;
    if (!username)
      throw new AuthException(
        'AUTH_TOKEN_INVALID',
        'Invalid token: it names no subject (sub or username claim)',
      );

    const principal: Principal = { username, method: 'jwt', claims: payload };
    const until = Math.min(
      now + CACHE_TTL_MS,
      typeof payload.exp === 'number' ? payload.exp * 1000 : Infinity,
    );
    if (this.verified.size >= CACHE_LIMIT) this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(token, { principal, until });
    return principal;
  }

  verifyBasic(encoded: string): Principal {
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0)
      throw new AuthException(
        'AUTH_MALFORMED',
        'Malformed Basic credentials: expected base64("user:password")',
      );
    const user = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    // Evaluate both comparisons so timing does not tell which part was wrong.
    const userOk = safeEqual(user, this.config.basicAuthUser);
    const passwordOk = safeEqual(password, this.config.basicAuthPassword);
    if (!userOk || !passwordOk)
      throw new AuthException('AUTH_INVALID_CREDENTIALS', 'Invalid username or password');
    return { username: user, method: 'basic' };
  }
}
