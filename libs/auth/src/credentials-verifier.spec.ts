import { createHmac, generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadGatewayConfig } from '@app/common';
import { AuthException, type AuthErrorCode } from './auth.exception.js';
import { CredentialsVerifier } from './credentials-verifier.js';
import { createToken } from './jwt-token.js';

const SECRET = 'unit-test-jwt-secret';

function verifierWith(env: Record<string, string> = {}): CredentialsVerifier {
  return new CredentialsVerifier(
    loadGatewayConfig({
      JWT_SECRET_KEY: SECRET,
      BASIC_AUTH_USER: 'admin',
      BASIC_AUTH_PASSWORD: 's3cret:with-colon',
      ...env,
    }),
  );
}

function basic(userAndPassword: string): string {
  return `Basic ${Buffer.from(userAndPassword, 'utf8').toString('base64')}`;
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Builds a JWT by hand, so that tests can forge headers jsonwebtoken would refuse to sign. */
function handMadeToken(header: object, payload: object, sign: (input: string) => string): string {
  const input = `${base64url(header)}.${base64url(payload)}`;
  return `${input}.${sign(input)}`;
}

/** The AuthException code the call fails with; fails the test if it succeeds or throws something else. */
function failureOf(call: () => unknown): AuthErrorCode {
  try {
    call();
  } catch (error) {
    if (error instanceof AuthException) {
      expect(error.status).toBe(401);
      return error.code;
    }
    throw error;
  }
  throw new Error('expected an AuthException, but the call succeeded');
}

describe(CredentialsVerifier.name, () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  describe('with no Authorization header', () => {
    it('asks for authentication', () => {
      const sut = verifierWith();
      expect(failureOf(() => sut.authenticate(undefined))).toBe('AUTH_REQUIRED');
      expect(failureOf(() => sut.authenticate(''))).toBe('AUTH_REQUIRED');
    });

    it('lets anyone in as anonymous when AUTH_REQUIRED=false', () => {
      const sut = verifierWith({ AUTH_REQUIRED: 'false' });
      expect(sut.authRequired).toBe(false);
      expect(sut.authenticate(undefined)).toEqual({ username: 'anonymous', method: 'anonymous' });
    });
  });

  describe('with a malformed header', () => {
    const sut = verifierWith();

    it.each([
      ['a scheme with no value', 'Bearer'],
      ['a scheme followed by blanks', 'Bearer    '],
      ['an unknown scheme', 'Digest username="admin"'],
      ['a token without a scheme', createToken({ username: 'alice', expiresInMinutes: 5, secret: SECRET })],
    ])('rejects %s as AUTH_MALFORMED', (_name, header) => {
      expect(failureOf(() => sut.authenticate(header))).toBe('AUTH_MALFORMED');
    });
  });

  describe('with Basic credentials', () => {
    const sut = verifierWith();

    it('accepts the configured user and password (the password may contain a colon)', () => {
      expect(sut.authenticate(basic('admin:s3cret:with-colon'))).toEqual({
        username: 'admin',
        method: 'basic',
      });
    });

    it('reads the scheme name in any case', () => {
      expect(sut.authenticate(`BASIC ${basic('admin:s3cret:with-colon').slice(6)}`).username).toBe('admin');
    });

    it.each([
      ['a wrong password', 'admin:wrong'],
      ['a wrong user', 'root:s3cret:with-colon'],
      ['an empty password', 'admin:'],
      ['a password prefix', 'admin:s3cret'],
    ])('rejects %s as AUTH_INVALID_CREDENTIALS', (_name, pair) => {
      expect(failureOf(() => sut.authenticate(basic(pair)))).toBe('AUTH_INVALID_CREDENTIALS');
    });

    it('rejects credentials without a colon as AUTH_MALFORMED', () => {
      expect(failureOf(() => sut.authenticate(basic('admin')))).toBe('AUTH_MALFORMED');
    });

    it('never echoes the submitted password in its error', () => {
      expect(() => sut.authenticate(basic('admin:hunter2'))).toThrow(
        expect.objectContaining({ message: expect.not.stringContaining('hunter2') }),
      );
    });
  });

  describe('with an HS256 bearer token', () => {
    it('accepts a token from createToken and exposes its claims', () => {
      const sut = verifierWith();
      const token = createToken({
        username: 'alice',
        expiresInMinutes: 5,
        secret: SECRET,
        claims: { team: 'ops' },
      });
      const principal = sut.authenticate(`Bearer ${token}`);
      expect(principal).toMatchObject({ username: 'alice', method: 'jwt' });
      expect(principal.claims).toMatchObject({ sub: 'alice', username: 'alice', team: 'ops' });
      expect(principal.claims?.exp).toEqual(expect.any(Number));
    });

    it('reads the scheme name in any case', () => {
      const token = createToken({ username: 'alice', expiresInMinutes: 5, secret: SECRET });
      expect(verifierWith().authenticate(`bearer ${token}`).username).toBe('alice');
    });

    it('takes the username claim when there is no sub', () => {
      const token = jwt.sign({ username: 'bob' }, SECRET, { algorithm: 'HS256' });
      expect(verifierWith().authenticate(`Bearer ${token}`).username).toBe('bob');
    });

    it('rejects a token signed with another secret as AUTH_TOKEN_INVALID', () => {
      const token = createToken({ username: 'alice', expiresInMinutes: 5, secret: 'someone-elses-secret' });
      expect(failureOf(() => verifierWith().authenticate(`Bearer ${token}`))).toBe('AUTH_TOKEN_INVALID');
    });

    it('rejects an unsigned alg:none token as AUTH_TOKEN_INVALID', () => {
      const token = handMadeToken({ alg: 'none', typ: 'JWT' }, { sub: 'admin', username: 'admin' }, () => '');
      expect(failureOf(() => verifierWith().authenticate(`Bearer ${token}`))).toBe('AUTH_TOKEN_INVALID');
    });

    it('rejects a token whose payload was edited after signing', () => {
      const token = createToken({ username: 'alice', expiresInMinutes: 5, secret: SECRET });
      const [header, , signature] = token.split('.');
      const forged = `${header}.${base64url({ sub: 'admin', username: 'admin' })}.${signature}`;
      expect(failureOf(() => verifierWith().authenticate(`Bearer ${forged}`))).toBe('AUTH_TOKEN_INVALID');
    });

    it('rejects a token that is not a JWT at all', () => {
      expect(failureOf(() => verifierWith().authenticate('Bearer not-a-jwt'))).toBe('AUTH_TOKEN_INVALID');
    });

    it('rejects an expired token as AUTH_TOKEN_EXPIRED', () => {
      const token = jwt.sign({ sub: 'alice' }, SECRET, { algorithm: 'HS256', expiresIn: -10 });
      expect(failureOf(() => verifierWith().authenticate(`Bearer ${token}`))).toBe('AUTH_TOKEN_EXPIRED');
    });

    it('calls an expired token with a bad signature invalid, not expired', () => {
      const token = jwt.sign({ sub: 'alice' }, 'someone-elses-secret', {
        algorithm: 'HS256',
        expiresIn: -10,
      });
      expect(failureOf(() => verifierWith().authenticate(`Bearer ${token}`))).toBe('AUTH_TOKEN_INVALID');
    });

    it('rejects a token that names no subject as AUTH_TOKEN_INVALID', () => {
      const token = jwt.sign({ role: 'admin' }, SECRET, { algorithm: 'HS256' });
      expect(failureOf(() => verifierWith().authenticate(`Bearer ${token}`))).toBe('AUTH_TOKEN_INVALID');
    });

    it('rejects an HS384 token when JWT_ALGORITHM is HS256, though the secret is right', () => {
      const token = createToken({
        username: 'alice',
        expiresInMinutes: 5,
        secret: SECRET,
        algorithm: 'HS384',
      });
      expect(failureOf(() => verifierWith().authenticate(`Bearer ${token}`))).toBe('AUTH_TOKEN_INVALID');
    });

    it('accepts a non-expiring token (expiresInMinutes: 0), which carries no exp claim', () => {
      const token = createToken({ username: 'alice', expiresInMinutes: 0, secret: SECRET });
      const principal = verifierWith().authenticate(`Bearer ${token}`);
      expect(principal.username).toBe('alice');
      expect(principal.claims).not.toHaveProperty('exp');
    });
  });

  describe('verified-token cache', () => {
    it('returns the same principal for the same token on a second call', () => {
      const sut = verifierWith();
      const token = createToken({ username: 'alice', expiresInMinutes: 5, secret: SECRET });
      const first = sut.authenticate(`Bearer ${token}`);
      expect(sut.authenticate(`Bearer ${token}`)).toBe(first);
    });

    it('verifies the token again after the cache lifetime', () => {
      vi.useFakeTimers({ now: new Date('2030-01-01T00:00:00Z') });
      const sut = verifierWith();
      const token = createToken({ username: 'alice', expiresInMinutes: 10, secret: SECRET });
      const first = sut.authenticate(`Bearer ${token}`);
      vi.advanceTimersByTime(61_000);
      const second = sut.authenticate(`Bearer ${token}`);
      expect(second).not.toBe(first);
      expect(second).toEqual(first);
    });

    it('does not keep accepting a cached token once it has expired', () => {
      vi.useFakeTimers({ now: new Date('2030-01-01T00:00:00Z') });
      const sut = verifierWith();
      const token = jwt.sign({ sub: 'alice' }, SECRET, { algorithm: 'HS256', expiresIn: 30 });
      expect(sut.authenticate(`Bearer ${token}`).username).toBe('alice');
      vi.advanceTimersByTime(31_000);
      expect(failureOf(() => sut.authenticate(`Bearer ${token}`))).toBe('AUTH_TOKEN_EXPIRED');
    });

    it('does not let a cached token answer for a verifier with another secret', () => {
      const token = createToken({ username: 'alice', expiresInMinutes: 5, secret: SECRET });
      verifierWith().authenticate(`Bearer ${token}`);
      const other = verifierWith({ JWT_SECRET_KEY: 'another-secret' });
      expect(failureOf(() => other.authenticate(`Bearer ${token}`))).toBe('AUTH_TOKEN_INVALID');
    });
  });

  describe('with JWT_ALGORITHM=RS256', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    const sut = verifierWith({ JWT_ALGORITHM: 'RS256', JWT_SECRET_KEY: privateKey });

    it('accepts a token signed with the private key', () => {
      const token = createToken({
        username: 'alice',
        expiresInMinutes: 5,
        secret: privateKey,
        algorithm: 'RS256',
      });
      expect(sut.authenticate(`Bearer ${token}`)).toMatchObject({ username: 'alice', method: 'jwt' });
    });

    it('rejects a token signed by another RSA key', () => {
      const { privateKey: otherKey } = generateKeyPairSync('rsa', {
        modulusLength: 2048,
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
        publicKeyEncoding: { type: 'spki', format: 'pem' },
      });
      const token = createToken({
        username: 'alice',
        expiresInMinutes: 5,
        secret: otherKey,
        algorithm: 'RS256',
      });
      expect(failureOf(() => sut.authenticate(`Bearer ${token}`))).toBe('AUTH_TOKEN_INVALID');
    });

    it.each([
      ['public', publicKey],
      ['private', privateKey],
    ])('rejects an HS256 token whose HMAC key is the %s PEM text (algorithm confusion)', (_half, pem) => {
      const token = handMadeToken(
        { alg: 'HS256', typ: 'JWT' },
        { sub: 'admin', username: 'admin' },
        (input) => createHmac('sha256', pem).update(input).digest('base64url'),
      );
      expect(failureOf(() => sut.authenticate(`Bearer ${token}`))).toBe('AUTH_TOKEN_INVALID');
    });

    it('rejects an alg:none token', () => {
      const token = handMadeToken({ alg: 'none', typ: 'JWT' }, { sub: 'admin' }, () => '');
      expect(failureOf(() => sut.authenticate(`Bearer ${token}`))).toBe('AUTH_TOKEN_INVALID');
    });
  });
});
