import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Config } from '../../config.js';

/**
 * Secrets the server must use again later (webhook signing secrets) are stored encrypted with
 * AES-256-GCM under SECRETS_KEY, never in plaintext. Without SECRETS_KEY, development and tests use
 * a fixed development key (a warning in the README); production refuses to store such secrets.
 */
const DEVELOPMENT_KEY = createHash('sha256').update('simplycrm development secrets key (not secret)').digest();

export class SecretsKeyMissing extends Error {}

function keyOf(config: Pick<Config, 'secretsKey' | 'isProduction'>): Buffer {
  if (config.secretsKey) return config.secretsKey;
  if (config.isProduction) throw new SecretsKeyMissing('SECRETS_KEY is not set: the server cannot store secrets');
  return DEVELOPMENT_KEY;
}

/** `v1:<iv>:<tag>:<ciphertext>`, base64url parts. */
export function encryptSecret(config: Pick<Config, 'secretsKey' | 'isProduction'>, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(config), iv);
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join(':');
}

export function decryptSecret(config: Pick<Config, 'secretsKey' | 'isProduction'>, stored: string): string {
  const [version, iv, tag, data] = stored.split(':');
  if (version !== 'v1' || !iv || !tag || data === undefined) throw new Error('Unreadable stored secret');
  const decipher = createDecipheriv('aes-256-gcm', keyOf(config), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
}
