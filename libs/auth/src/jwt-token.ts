import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import jwt, { type Algorithm, type JwtPayload } from 'jsonwebtoken';

export interface TokenOptions {
  username: string;
  /** Minutes until expiry; 0 means the token never expires. */
  expiresInMinutes: number;
  secret: string;
  algorithm?: Algorithm;
  /** Extra claims merged into the payload (the CLI's --data). */
  claims?: Record<string, unknown>;
}

function signingKey(secret: string, algorithm: Algorithm): string | KeyObject {
  return algorithm.startsWith('HS') ? secret : createPrivateKey(secret);
}

/** The key that verifies tokens: the HMAC secret itself, or the public half of a PEM private key. */
export function verificationKey(secret: string, algorithm: Algorithm): string | KeyObject {
  return algorithm.startsWith('HS') ? secret : createPublicKey(createPrivateKey(secret));
}

/**
 * Creates a gateway JWT. Shared by the server and the `mcpgateway token` command so that both always
 * agree on claims and algorithm.
 *
 * @example
 *   createToken({ username: 'admin', expiresInMinutes: 10080, secret: 'my-test-key' })
 */
export function createToken(options: TokenOptions): string {
  const algorithm = options.algorithm ?? 'HS256';
  const payload: JwtPayload = { ...options.claims, sub: options.username, username: options.username };
  return jwt.sign(payload, signingKey(options.secret, algorithm), {
    algorithm,
    ...(options.expiresInMinutes > 0 ? { expiresIn: options.expiresInMinutes * 60 } : {}),
  });
}
