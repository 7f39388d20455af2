import mongoose from 'mongoose';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { createFieldCipher, parseCipherKeys } from '../../server/privacy/field-cipher.js';
import { rotateSealedFields } from '../../server/privacy/rotate.js';
import { startMongo, uniqueDb, type TestMongo } from '../support/mongo.js';
import { ok, startServer, waitFor, type TestServer } from '../support/server.js';

let mongo: TestMongo | undefined;
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  await mongo?.close();
  mongo = undefined;
});

const key = () => randomBytes(32).toString('base64');
const SECRET = 'my sister does not know I relapsed last night';
const CRISIS = 'I have the pills counted out and I am taking them all tonight';

/** The stored documents as MongoDB holds them, read past the application. */
async function rawDocs(uri: string, collection: string): Promise<Record<string, unknown>[]> {
  const conn = await mongoose.createConnection(uri).asPromise();
  try {
    return await conn.db!.collection(collection).find({}).toArray();
  } finally {
    await conn.close();
  }
}

describe('encryption at rest', () => {
  it('stores no readable body, excerpt, reason or note in MongoDB; everything reads back; a rotation re-encrypts with the new key', async () => {
    mongo = await startMongo();
    const uri = mongo.uri(uniqueDb('encrypted'));
    const [k1, k2] = [key(), key()];
    server = await startServer({ MONGODB_URI: uri, MESSAGE_ENCRYPTION_KEYS: `2025:${k1}` });
    const { conversationId } = await server.assign('alice', 'sam');
    const alice = await server.connectAs({ role: 'mentee', sub: 'alice' });
    const carol = await server.connectAs({ role: 'clinician', sub: 'carol' });
    await ok(carol, 'oncall:set', { onCall: true });
    await ok(alice, 'message:send', { conversationId, clientMessageId: 'm1', body: SECRET });
    const alerted = waitFor(carol, 'escalation:alerted');
    await ok(alice, 'message:send', { conversationId, clientMessageId: 'm2', body: CRISIS });
    const { escalation } = await alerted;
    await ok(carol, 'escalation:ack', { escalationId: escalation.id });
    await ok(carol, 'escalation:resolve', { escalationId: escalation.id, outcome: 'Called her GP', note: 'Sister is with her now' });
    await ok(alice, 'support:request', { topic: 'family', note: 'I need to talk about my sister' });

    const everything = JSON.stringify([
      ...(await rawDocs(uri, 'messages')),
      ...(await rawDocs(uri, 'escalations')),
      ...(await rawDocs(uri, 'support_requests')),
    ]);
    for (const plain of ['relapsed', 'pills counted', 'Called her GP', 'Sister is with her', 'talk about my sister']) expect(everything).not.toContain(plain);
    const messages = await rawDocs(uri, 'messages');
    expect(messages.map((m) => String(m.body).slice(0, 11))).toEqual(['enc:1:2025:', 'enc:1:2025:']);

    // Read back through the application: as written.
    const history = await ok(alice, 'conversation:history', { conversationId });
    expect(history.messages.map((m) => m.body)).toEqual([SECRET, CRISIS]);
    const { escalations } = await ok(carol, 'escalation:list', {});
    expect(escalations[0]).toMatchObject({ outcome: 'Called her GP', note: 'Sister is with her now' });
    expect(escalations[0]!.excerpt.map((m) => m.body)).toContain(SECRET);
    await server.close();
    server = undefined;

    // Rotation: the new key first, the old one after it; then the old key can go.
    const conn = await mongoose.createConnection(uri).asPromise();
    try {
      const counts = await rotateSealedFields(conn.db!, createFieldCipher(parseCipherKeys(undefined, `2026:${k2},2025:${k1}`)!), { batchSize: 1 });
      expect(counts.messages).toBe(2);
      expect(counts.escalations).toBe(1);
      expect((await rawDocs(uri, 'messages')).map((m) => String(m.body).slice(0, 11))).toEqual(['enc:1:2026:', 'enc:1:2026:']);
      // A second run finds nothing left to do.
      expect((await rotateSealedFields(conn.db!, createFieldCipher(parseCipherKeys(undefined, `2026:${k2}`)!))).messages).toBe(0);
    } finally {
      await conn.close();
    }
    server = await startServer({ MONGODB_URI: uri, MESSAGE_ENCRYPTION_KEYS: `2026:${k2}` });
    const again = await server.connectAs({ role: 'mentee', sub: 'alice' });
    expect((await ok(again, 'conversation:history', { conversationId })).messages.map((m) => m.body)).toEqual([SECRET, CRISIS]);
  }, 30_000);

  it('production with MongoDB refuses to start without a key; a malformed key stops start-up naming the variable; the embedded default needs none', () => {
    const base = { JWT_SECRET: 'x'.repeat(40), JWT_ISSUER: 'https://idp', JWT_AUDIENCE: 'aud', PORT: '0' };
    expect(() => loadConfig({ ...base, NODE_ENV: 'production', MONGODB_URI: 'mongodb://db/chat' })).toThrow(/MESSAGE_ENCRYPTION_KEY/);
    expect(() => loadConfig({ ...base, MESSAGE_ENCRYPTION_KEY: 'c2hvcnQ=' })).toThrow(/MESSAGE_ENCRYPTION_KEY.*32 bytes/);
    expect(() => loadConfig({ ...base, MESSAGE_ENCRYPTION_KEYS: 'no-colon-here' })).toThrow(/MESSAGE_ENCRYPTION_KEYS/);
    expect(loadConfig({ ...base, NODE_ENV: 'production', MONGODB_URI: 'mongodb://db/chat', MESSAGE_ENCRYPTION_KEY: key() }).encryptionKeys).toHaveLength(1);
    expect(loadConfig({ PORT: '0' }).encryptionKeys).toBeUndefined();
  });
});
