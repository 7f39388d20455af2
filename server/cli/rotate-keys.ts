import mongoose from 'mongoose';
import { ConfigError, loadConfig } from '../config.js';
import { createFieldCipher } from '../privacy/field-cipher.js';
import { rotateSealedFields } from '../privacy/rotate.js';

/**
 * `npm run rotate:keys`: after putting a new key first in MESSAGE_ENCRYPTION_KEYS (the old ones
 * after it), re-encrypts every stored body and note with the new key, in batches. Then the old key
 * can be removed from the list.
 */
async function main() {
  const config = loadConfig(process.env);
  if (!config.mongodbUri) throw new ConfigError('MONGODB_URI is not set: the embedded default keeps nothing on disk to rotate');
  if (!config.encryptionKeys) throw new ConfigError('MESSAGE_ENCRYPTION_KEYS (or MESSAGE_ENCRYPTION_KEY) is not set');
  const conn = await mongoose.createConnection(config.mongodbUri, { serverSelectionTimeoutMS: 10_000 }).asPromise();
  try {
    const cipher = createFieldCipher(config.encryptionKeys);
    process.stdout.write(`re-encrypting with key "${cipher.currentKeyId}"\n`);
    await rotateSealedFields(conn.db!, cipher, { log: (line) => process.stdout.write(`${line}\n`) });
  } finally {
    await conn.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
