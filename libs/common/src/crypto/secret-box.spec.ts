import { describe, expect, it } from 'vitest';
import { loadGatewayConfig } from '../config/load-config.js';
import { SecretBox } from './secret-box.js';

function boxWith(secret: string): SecretBox {
  return new SecretBox(loadGatewayConfig({ AUTH_ENCRYPTION_SECRET: secret }));
}

/** Flips one bit of the decoded payload at `index` and re-encodes it. */
function tamper(sealed: string, index: number): string {
  const raw = Buffer.from(sealed.slice('v1:'.length), 'base64url');
  raw[index] ^= 0x01;
  return `v1:${raw.toString('base64url')}`;
}

describe(SecretBox.name, () => {
  const sut = boxWith('correct horse battery staple');
  const plain = 'upstream-api-key-0123456789';

  it('gives back the plaintext it sealed', () => {
    expect(sut.decrypt(sut.encrypt(plain))).toBe(plain);
  });

  it('round-trips an empty string and non-ASCII text', () => {
    expect(sut.decrypt(sut.encrypt(''))).toBe('');
    expect(sut.decrypt(sut.encrypt('pässwörd 🔑 ключ'))).toBe('pässwörd 🔑 ключ');
  });

  it('decrypts with a second box built from the same secret (the key survives a restart)', () => {
    expect(boxWith('correct horse battery staple').decrypt(sut.encrypt(plain))).toBe(plain);
  });

  it('seals the same text differently each time (random IV)', () => {
    expect(sut.encrypt(plain)).not.toBe(sut.encrypt(plain));
  });

  it('writes the versioned v1:<base64url> form without the plaintext in it', () => {
    const sealed = sut.encrypt(plain);
    expect(sealed).toMatch(/^v1:[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain(plain);
    expect(Buffer.from(sealed.slice(3), 'base64url').toString('latin1')).not.toContain(plain);
  });

  it('refuses a value sealed under another AUTH_ENCRYPTION_SECRET', () => {
    const other = boxWith('a different secret');
    expect(() => other.decrypt(sut.encrypt(plain))).toThrow();
  });

  it.each([
    ['the IV', 0],
    ['the auth tag', 12],
    ['the data', 28],
  ])('refuses a value whose %s was altered', (_part, index) => {
    const sealed = sut.encrypt(plain);
    expect(() => sut.decrypt(tamper(sealed, index))).toThrow();
  });

  it('refuses a value with a byte cut off the end', () => {
    const raw = Buffer.from(sut.encrypt(plain).slice(3), 'base64url');
    expect(() => sut.decrypt(`v1:${raw.subarray(0, raw.length - 1).toString('base64url')}`)).toThrow();
  });

  it.each([
    ['plain text', 'hunter2', 'Not a sealed secret'],
    ['another version', 'v2:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'Not a sealed secret'],
    ['an empty payload', 'v1:', 'Not a sealed secret'],
    ['a payload shorter than IV and tag', 'v1:AAAA', 'Sealed secret is truncated'],
  ])('refuses %s with a clear message', (_name, value, message) => {
    expect(() => sut.decrypt(value)).toThrow(message);
  });

  it('recognises sealed values and only those', () => {
    expect(sut.isSealed(sut.encrypt(plain))).toBe(true);
    expect(sut.isSealed(plain)).toBe(false);
    expect(sut.isSealed('v2:abc')).toBe(false);
    expect(sut.isSealed('')).toBe(false);
  });
});
