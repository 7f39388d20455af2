import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Encrypts text fields for storage: AES-256-GCM with a fresh 96-bit nonce per value, the key id
 * stored beside it, so keys can rotate (the first key encrypts, every listed key decrypts).
 * Stored form: `enc:1:<keyId>:<nonce>:<ciphertext+tag>` (base64url parts), never readable text.
 */
export interface FieldCipher {
  readonly currentKeyId: string;
  encrypt(plain: string): string;
  /** Plain text as stored before encryption was turned on passes through unchanged. */
  decrypt(stored: string): string;
  /** Whether a stored value is encrypted with a key other than the current one (or not at all). */
  needsRotation(stored: string): boolean;
}

const PREFIX = 'enc:1:';
const TAG_BYTES = 16;

export interface CipherKey {
  id: string;
  key: Buffer;
}

/** Parses MESSAGE_ENCRYPTION_KEY (one base64 key, id "k1") or MESSAGE_ENCRYPTION_KEYS (`id:base64,…`). Throws naming the variable. */
export function parseCipherKeys(single: string | undefined, list: string | undefined): CipherKey[] | undefined {
  if (single && list) throw new Error('MESSAGE_ENCRYPTION_KEY and MESSAGE_ENCRYPTION_KEYS are both set; set one');
  const entries = list ? list.split(',').map((e) => e.trim()).filter(Boolean) : single ? [`k1:${single.trim()}`] : [];
  if (entries.length === 0) return undefined;
  const variable = list ? 'MESSAGE_ENCRYPTION_KEYS' : 'MESSAGE_ENCRYPTION_KEY';
  const keys = entries.map((entry) => {
    const colon = entry.indexOf(':');
    const id = entry.slice(0, colon);
    const key = Buffer.from(entry.slice(colon + 1), 'base64');
    if (colon < 1 || !/^[A-Za-z0-9_-]{1,32}$/.test(id)) throw new Error(`${variable}: each key must be written keyId:base64 (key ids of letters, digits, - or _)`);
    if (key.length !== 32) throw new Error(`${variable}: key "${id}" must be 32 bytes, base64-encoded (openssl rand -base64 32)`);
    return { id, key };
  });
  if (new Set(keys.map((k) => k.id)).size !== keys.length) throw new Error(`${variable}: key ids must be unique`);
  return keys;
}

export function createFieldCipher(keys: readonly CipherKey[]): FieldCipher {
  if (keys.length === 0) throw new Error('A field cipher needs at least one key');
  const byId = new Map(keys.map((k) => [k.id, k.key] as const));
  const current = keys[0]!;
  return {
    currentKeyId: current.id,
    encrypt(plain) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current.key, nonce);
      const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `${PREFIX}${current.id}:${nonce.toString('base64url')}:${sealed.toString('base64url')}`;
    },
    decrypt(stored) {
      if (!stored.startsWith(PREFIX)) return stored;
      const [keyId, nonce, sealed] = stored.slice(PREFIX.length).split(':');
      const key = keyId ? byId.get(keyId) : undefined;
      if (!key || !nonce || !sealed) throw new Error(`A stored value is encrypted with key "${keyId}", which is not configured`);
      const data = Buffer.from(sealed, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      return Buffer.concat([decipher.update(data.subarray(0, data.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    },
    needsRotation(stored) {
      return !stored.startsWith(`${PREFIX}${current.id}:`);
    },
  };
}
