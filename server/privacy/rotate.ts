import type { Db } from 'mongodb';
import type { FieldCipher } from './field-cipher.js';
import { SEALED, Sealer } from './sealed-fields.js';

/** Where each kind of sealed record lives in MongoDB. */
const COLLECTIONS: Record<keyof typeof SEALED, string> = {
  message: 'messages',
  held: 'held_messages',
  report: 'reports',
  escalation: 'escalations',
  request: 'support_requests',
  safetyExample: 'safety_examples',
};

/** Every sealed string of a record, wherever its paths reach. */
function sealedValues(record: unknown, paths: readonly string[]): string[] {
  const found: string[] = [];
  const collect = (text: string) => (found.push(text), text);
  new Sealer({ encrypt: collect, decrypt: collect, currentKeyId: '', needsRotation: () => false }).seal(record, paths);
  return found;
}

/**
 * Re-encrypts with the current key every sealed field written with an older key (or before
 * encryption was turned on), a batch at a time, so a rotated-out key can then be dropped. Safe to
 * run while nodes serve: each record is rewritten only if it is unchanged since it was read.
 */
export async function rotateSealedFields(db: Db, cipher: FieldCipher, options: { batchSize?: number; log?: (line: string) => void } = {}): Promise<Record<string, number>> {
  const batchSize = options.batchSize ?? 500;
  const sealer = new Sealer(cipher);
  const counts: Record<string, number> = {};
  for (const [kind, name] of Object.entries(COLLECTIONS) as Array<[keyof typeof SEALED, string]>) {
    const paths = SEALED[kind];
    const collection = db.collection(name);
    let rewritten = 0;
    let after: unknown = undefined;
    for (;;) {
      const batch = await collection
        .find(after === undefined ? {} : { _id: { $gt: after as never } })
        .sort({ _id: 1 })
        .limit(batchSize)
        .toArray();
      if (batch.length === 0) break;
      for (const doc of batch) {
        if (!sealedValues(doc, paths).some((v) => cipher.needsRotation(v))) continue;
        const fresh = sealer.seal(sealer.open(doc, paths), paths);
        const { _id, ...fields } = fresh;
        const { modifiedCount } = await collection.replaceOne(doc, fields);
        rewritten += modifiedCount;
      }
      after = batch.at(-1)!._id;
    }
    counts[name] = rewritten;
    options.log?.(`${name}: ${rewritten} re-encrypted`);
  }
  return counts;
}
