import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRaw, ok, recordEvents, sentMessage, startServer, flush, type TestServer, type TestSocket } from '../support/server.js';

let server: TestServer;
let conversationId: string;
let alice: TestSocket;
let sam: TestSocket;
let samSeen: ReturnType<typeof recordEvents>;

beforeAll(async () => {
  server = await startServer({ MAX_MESSAGE_LENGTH: '50', MESSAGE_RATE_PER_SEC: '0' });
  ({ conversationId } = await server.assign('alice', 'sam'));
  alice = await server.connectAs({ role: 'mentee', sub: 'alice' });
  sam = await server.connectAs({ role: 'specialist', sub: 'sam' });
  await ok(sam, 'conversation:join', { conversationId });
  samSeen = recordEvents(sam);
});
afterAll(() => server.close());

const valid = () => ({ conversationId, clientMessageId: crypto.randomUUID(), body: 'hello' });

const badSends: Array<[string, unknown, string]> = [
  ['body of the wrong type', { ...valid(), body: 42 }, 'body'],
  ['conversationId of the wrong type', { ...valid(), conversationId: 7 }, 'conversationId'],
  ['missing body', { conversationId: 'x', clientMessageId: 'c1' }, 'body'],
  ['missing conversationId', { clientMessageId: 'c1', body: 'hi' }, 'conversationId'],
  ['an extra key', { ...valid(), senderId: 'sam' }, ''],
  ['an empty body', { ...valid(), body: '' }, 'body'],
  ['a body of only whitespace', { ...valid(), body: ' \n\t  ' }, 'body'],
  ['a body of only invisible characters', { ...valid(), body: '\u200b\u200b' }, 'body'],
  ['a body of Hangul fillers', { ...valid(), body: '\u3164\u115f\u1160' }, 'body'],
  ['a body of braille blanks', { ...valid(), body: '\u2800\u2800' }, 'body'],
  ['a body of a lone combining mark', { ...valid(), body: '\u0301' }, 'body'],
  ['a body of variation selectors and direction marks', { ...valid(), body: '\ufe0f\u200e\u2066' }, 'body'],
  ['an over-long body', { ...valid(), body: 'x'.repeat(51) }, 'body'],
  ['an over-long body of astral characters', { ...valid(), body: '😀'.repeat(51) }, 'body'],
  ['a NUL in the body', { ...valid(), body: 'a\u0000b' }, 'body'],
  ['an escape character in the body', { ...valid(), body: 'a\u001b[2Jb' }, 'body'],
  ['a carriage return in the body', { ...valid(), body: 'a\rb' }, 'body'],
  ['a C1 control in the body', { ...valid(), body: 'a\u0085b' }, 'body'],
  ['a lone surrogate in the body', { ...valid(), body: 'a\ud800b' }, 'body'],
  ['a conversation id of the wrong shape', { ...valid(), conversationId: '../../etc/passwd' }, 'conversationId'],
  ['a client message id of the wrong shape', { ...valid(), clientMessageId: 'has spaces in it' }, 'clientMessageId'],
  ['an over-long client message id', { ...valid(), clientMessageId: 'a'.repeat(65) }, 'clientMessageId'],
  ['an operator object as conversation id', { ...valid(), conversationId: { $ne: null } }, 'conversationId'],
  ['an operator object as body', { ...valid(), body: { $gt: '' } }, 'body'],
  ['an operator key at the top level', { ...valid(), $where: 'sleep(1000)' }, ''],
  ['an array as the payload', [valid()], ''],
  ['a string as the payload', 'hello', ''],
  ['null as the payload', null, ''],
];

describe('bad message:send payloads', () => {
  it.each(badSends)('refuses %s with VALIDATION_FAILED naming the path', async (_name, payload, path) => {
    const res = await callRaw(alice, 'message:send', payload);
    expect(res.ok).toBe(false);
    expect(res.error.code).toBe('VALIDATION_FAILED');
    expect(res.error.details.issues.map((i: { path: string }) => i.path)).toContain(path);
    expect(JSON.stringify(res.error)).not.toMatch(/at .*\.ts|node_modules/);
  });

  it('stored and broadcast none of them, and the connection is still up', async () => {
    await flush(sam);
    expect(samSeen.filter((e) => e.event === 'message:created')).toEqual([]);
    const { messages } = await ok(alice, 'conversation:history', { conversationId });
    expect(messages).toEqual([]);
    expect(alice.connected).toBe(true);
    const sent = sentMessage(await ok(alice, 'message:send', { ...valid(), body: 'x'.repeat(50) }));
    expect(sent.seq).toBe(1);
  });

  it('accepts newlines, tabs and text in any script up to the limit in characters', async () => {
    const body = 'Goed gedaan!\n\tHartelijk 😀 مرحبا'.padEnd(50, '·');
    const sent = sentMessage(await ok(alice, 'message:send', { ...valid(), body }));
    expect(sent.body).toBe(body);
  });
});

describe('other commands', () => {
  it.each([
    ['conversation:join', { conversationId: { $ne: null } }],
    ['conversation:history', { conversationId: 'abc', limit: 0 }],
    ['conversation:history', { conversationId: 'abc', beforeSeq: -1 }],
    ['conversation:history', { conversationId: 'abc', limit: 2.5 }],
    ['conversation:sync', { conversationId: 'abc' }],
    ['conversation:sync', { conversationId: 'abc', afterSeq: '0' }],
    ['typing:set', { conversationId: 'abc', typing: 'yes' }],
    ['conversation:markRead', { conversationId: 'abc', seq: { $gt: 0 } }],
    ['conversation:list', { filter: { $where: '1' } }],
  ])('%s refuses %j with VALIDATION_FAILED', async (event, payload) => {
    const res = await callRaw(alice, event, payload);
    expect(res).toEqual({ ok: false, error: expect.objectContaining({ code: 'VALIDATION_FAILED' }) });
  });

  it('answers an unknown event with VALIDATION_FAILED and stays connected', async () => {
    const res = await callRaw(alice, 'message:delete-everything', { all: true });
    expect(res).toEqual({ ok: false, error: expect.objectContaining({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/Unknown event/) }) });
    expect(alice.connected).toBe(true);
  });

  it('ignores a command without an acknowledgement callback safely: nothing stored, connection up', async () => {
    const before = (await ok(alice, 'conversation:sync', { conversationId, afterSeq: 0 })).lastSeq;
    (alice as any).emit('message:send', { ...valid(), body: 'fire and forget' });
    (alice as any).emit('message:send');
    (alice as any).emit('conversation:list');
    (alice as any).emit('no:such-event', { x: 1 });
    const after = await ok(alice, 'conversation:sync', { conversationId, afterSeq: 0 });
    expect(after.lastSeq).toBe(before);
    expect(alice.connected).toBe(true);
  });

  it('treats a command sent with only its callback as an empty payload', async () => {
    const res = await callRaw(alice, 'conversation:list');
    expect(res.ok).toBe(true);
  });
});

describe('oversized frames', () => {
  it('closes only the connection that sends a frame beyond what any legal payload needs', async () => {
    const big = await server.connectAs({ role: 'mentee', sub: 'alice' });
    const closed = new Promise<string>((resolve) => big.once('disconnect', resolve));
    big.emit('message:send', { ...valid(), body: 'x'.repeat(1_000_000) } as never, () => {});
    expect(await closed).toMatch(/transport/);
    expect(alice.connected).toBe(true);
    expect((await ok(alice, 'conversation:list', {})).conversations).toHaveLength(1);
  });
});
