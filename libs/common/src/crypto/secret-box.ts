import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { GatewayConfig } from '../config/gateway-config.js';

const VERSION = 'v1';
// A fixed, public salt: the secret is AUTH_ENCRYPTION_SECRET; the salt only separates this use of it.
const SALT = 'mcp-gateway/secret-box/v1';

/**
 * Encrypts upstream credentials at rest with AES-256-GCM; the key is derived from AUTH_ENCRYPTION_SECRET
 * once at start (scrypt). Ciphertexts look like `v1:<base64url(iv | tag | data)>`.
 */
@Injectable()
export class SecretBox {
  private readonly key: Buffer;

  constructor(config: GatewayConfig) {
    this.key = scryptSync(config.authEncryptionSecret, SALT, 32);
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64url')}`;
  }

  /** Throws when the value was not produced with this key (wrong AUTH_ENCRYPTION_SECRET, or tampering). */
  decrypt(sealed: string): string {
    const [version, payload] = sealed.split(':', 2);
    if (version !== VERSION || !payload) throw new Error('Not a sealed secret');
    const raw = Buffer.from(payload, 'base64url');
    if (raw.length < 28) throw new Error('Sealed secret is truncated');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }

  isSealed(value: string): boolean {
    return value.startsWith(`${VERSION}:`);
  }
}
