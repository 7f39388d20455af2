import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JwtConfig } from '../config.js';

export type JwtAlgorithm = 'HS256' | 'RS256';

/** Everything needed to check (and, where a secret is known, to mint) tokens. */
export interface TokenKeys {
  algorithm: JwtAlgorithm;
  verifyKey: string;
  /** Absent for RS256: the server holds only the public key. */
  signKey?: string;
  issuer: string;
  audience: string;
}

/** Where the embedded default keeps its generated secret, so `npm run token` can mint tokens it accepts. */
export const EMBEDDED_SECRET_FILE = fileURLToPath(new URL('../../.embedded/jwt-secret', import.meta.url));

/**
 * Resolves the configured keys. In the embedded default the secret is generated once per
 * installation and kept in a file readable only by its owner; it is never logged.
 */
export async function resolveTokenKeys(jwt: JwtConfig, secretFile = EMBEDDED_SECRET_FILE): Promise<TokenKeys> {
  const { issuer, audience } = jwt;
  switch (jwt.mode) {
    case 'hs256':
      return { algorithm: 'HS256', verifyKey: jwt.secret, signKey: jwt.secret, issuer, audience };
    case 'rs256':
      return { algorithm: 'RS256', verifyKey: jwt.publicKey, issuer, audience };
    case 'embedded': {
      const secret = await loadOrCreateSecret(secretFile);
      return { algorithm: 'HS256', verifyKey: secret, signKey: secret, issuer, audience };
    }
  }
}

async function loadOrCreateSecret(file: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const secret = randomBytes(48).toString('base64url');
  try {
    await writeFile(file, secret + '\n', { flag: 'wx', mode: 0o600 });
    return secret;
  } catch (err) {
    // Another process (the server or the token script) created it first: use theirs.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return (await readFile(file, 'utf8')).trim();
    throw err;
  }
}
