import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Message } from '../../shared/models.js';
import { call, flush, ok, recordEvents, sentMessage, startServer, waitFor, type TestServer, type TestSocket } from '../support/server.js';

let server: TestServer;
let conversationId: string;
let alice: TestSocket;
let sam: TestSocket;

beforeEach(async () => {
  server = await startServer({ MESSAGE_RATE_PER_SEC: '0' });
  ({ conversationId } = await server.assign('alice', 'sam'));
  alice = await server.connectAs({ role: 'mentee', sub: 'alice' });
  sam = await server.connectAs({ role: 'specialist', sub: 'sam' });
});
afterEach(() => server.close());

const send = (socket: TestSocket, body: string, clientMessageId: string = crypto.randomUUID(), id = conversationId) =>
  call(socket, 'message:send', { conversationId: id, clientMessageId, body });

describe('conversation:list and conversation:join', () => {
  it('lists the mentorship conversation with participants, presence and read markers', async () => {
    const { conversations } = await ok(alice, 'conversation:list', {});
    expect(conversations).toHaveLength(1);
    const [c] = conversations;
    expect(c).toMatchObject({ id: conversationId, kind: 'mentorship', status: 'active', lastSeq: 0, lastReadSeq: 0 });
    expect(c!.participants).toEqual(
      expect.arrayContaining([
        { userId: 'alice', role: 'mentee', name: 'Alice', online: true },
        { userId: 'sam', role: 'specialist', name: 'Sam', online: true },
      ]),
    );
  });

  it('answers join with the conversation and its lastSeq', async () => {
    await ok(alice, 'conversation:join', { conversationId });
    await send(alice, 'one');
    await send(alice, 'two');
    const joined = await ok(sam, 'conversation:join', { conversationId });
    expect(joined.lastSeq).toBe(2);
    expect(joined.conversation.id).toBe(conversationId);
  });

  it('refuses an unknown conversation with NOT_FOUND', async () => {
    const res = await call(alice, 'conversation:join', { conversationId: 'does-not-exist' });
    expect(res).toEqual({ ok: false, error: expect.objectContaining({ code: 'NOT_FOUND' }) });
  });
});

describe('message:send', () => {
  it('acknowledges the stored message and broadcasts it to every joined socket, the sender’s other devices included, but not back to the sending socket', async () => {
    const aliceTablet = await server.connectAs({ role: 'mentee', sub: 'alice' });
    for (const s of [alice, sam, aliceTablet]) await ok(s, 'conversation:join', { conversationId });
    const atSender = recordEvents(alice);
    const atSam = waitFor(sam, 'message:created');
    const atTablet = waitFor(aliceTablet, 'message:created');
    const message = sentMessage(await send(alice, 'Hi Sam, rough day today.', 'cm-1'));
    expect(message).toMatchObject({
      conversationId,
      seq: 1,
      senderId: 'alice',
      senderRole: 'mentee',
      senderName: 'Alice',
      body: 'Hi Sam, rough day today.',
      clientMessageId: 'cm-1',
    });
    expect(new Date(message.createdAt).toISOString()).toBe(message.createdAt);
    expect(await atSam).toEqual(message);
    expect(await atTablet).toEqual(message);
    // Its acknowledgement carries the message: a second frame to the same socket would only cost.
    await flush(alice);
    expect(atSender.map((e) => e.event)).not.toContain('message:created');
  });

  it('does not deliver live events to a participant socket that has not joined', async () => {
    await ok(alice, 'conversation:join', { conversationId });
    const seen = recordEvents(sam);
    await send(alice, 'hello');
    await flush(sam);
    expect(seen.filter((e) => e.event === 'message:created')).toEqual([]);
  });

  it('treats a retry with the same clientMessageId as the same message: original returned, nothing broadcast again', async () => {
    await ok(sam, 'conversation:join', { conversationId });
    const seen = recordEvents(sam);
    const first = await send(alice, 'only once', 'retry-1');
    const again = await send(alice, 'only once', 'retry-1');
    expect(again).toEqual(first);
    await flush(sam);
    expect(seen.filter((e) => e.event === 'message:created')).toHaveLength(1);
    const { messages } = await ok(sam, 'conversation:history', { conversationId });
    expect(messages.map((m) => m.body)).toEqual(['only once']);
  });

  it('answers CONFLICT when a clientMessageId is reused for a different body, and stores nothing', async () => {
    await send(alice, 'first', 'same-id');
    const res = await send(alice, 'something else', 'same-id');
    expect(res).toEqual({ ok: false, error: expect.objectContaining({ code: 'CONFLICT' }) });
    const { messages } = await ok(alice, 'conversation:history', { conversationId });
    expect(messages.map((m) => m.body)).toEqual(['first']);
  });

  it('keeps seq strictly increasing and gapless under concurrent senders', async () => {
    const sends = [];
    for (let i = 0; i < 40; i++) {
      sends.push(send(i % 2 ? sam : alice, `m${i}`));
    }
    const results = await Promise.all(sends);
    const seqs = results.map((r) => sentMessage(r).seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const { messages } = await ok(alice, 'conversation:sync', { conversationId, afterSeq: 0 });
    expect(messages.map((m) => m.seq)).toEqual(seqs);
  });

  it('refuses a send to an ended mentorship with FORBIDDEN, and keeps history readable', async () => {
    await send(alice, 'before the end');
    const { mentorshipId } = await server.assign('alice', 'sam');
    const ended = await server.http(`/api/mentorships/${mentorshipId}`, {
      method: 'DELETE',
      token: server.token({ role: 'admin', sub: 'admin-1' }),
    });
    expect(ended.status).toBe(200);
    const res = await send(alice, 'after the end');
    expect(res).toEqual({ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN', message: expect.stringMatching(/ended/) }) });
    const { messages } = await ok(sam, 'conversation:history', { conversationId });
    expect(messages.map((m) => m.body)).toEqual(['before the end']);
  });
});

describe('conversation:history and conversation:sync', () => {
  beforeEach(async () => {
    for (let i = 1; i <= 7; i++) await send(i % 2 ? alice : sam, `m${i}`);
  });

  it('pages history backwards, ascending within a page', async () => {
    const latest = await ok(alice, 'conversation:history', { conversationId, limit: 3 });
    expect(latest.messages.map((m) => m.seq)).toEqual([5, 6, 7]);
    expect(latest.hasMore).toBe(true);
    const older = await ok(alice, 'conversation:history', { conversationId, beforeSeq: 5, limit: 3 });
    expect(older.messages.map((m) => m.seq)).toEqual([2, 3, 4]);
    const oldest = await ok(alice, 'conversation:history', { conversationId, beforeSeq: 2, limit: 3 });
    expect(oldest.messages.map((m) => m.seq)).toEqual([1]);
    expect(oldest.hasMore).toBe(false);
  });

  it('defaults history to the latest 50 and refuses a limit over 100', async () => {
    const all = await ok(alice, 'conversation:history', { conversationId });
    expect(all.messages).toHaveLength(7);
    const res = await call(alice, 'conversation:history', { conversationId, limit: 101 });
    expect(res).toEqual({ ok: false, error: expect.objectContaining({ code: 'VALIDATION_FAILED' }) });
  });

  it('syncs everything after a seq, paged when asked', async () => {
    const page1 = await ok(sam, 'conversation:sync', { conversationId, afterSeq: 2, limit: 3 });
    expect(page1.messages.map((m) => m.seq)).toEqual([3, 4, 5]);
    expect(page1).toMatchObject({ lastSeq: 7, hasMore: true });
    const page2 = await ok(sam, 'conversation:sync', { conversationId, afterSeq: 5, limit: 3 });
    expect(page2.messages.map((m) => m.seq)).toEqual([6, 7]);
    expect(page2.hasMore).toBe(false);
    const none = await ok(sam, 'conversation:sync', { conversationId, afterSeq: 7 });
    expect(none).toMatchObject({ messages: [], lastSeq: 7, hasMore: false });
  });

  it('recovers what was missed while disconnected with sync', async () => {
    await ok(sam, 'conversation:join', { conversationId });
    const { lastSeq } = await ok(sam, 'conversation:sync', { conversationId, afterSeq: 0 });
    sam.disconnect();
    await send(alice, 'while you were away 1');
    await send(alice, 'while you were away 2');
    const samAgain = await server.connectAs({ role: 'specialist', sub: 'sam' });
    const missed = await ok(samAgain, 'conversation:sync', { conversationId, afterSeq: lastSeq });
    expect(missed.messages.map((m) => m.body)).toEqual(['while you were away 1', 'while you were away 2']);
    expect(missed.messages.map((m) => m.seq)).toEqual([8, 9]);
  });
});

describe('typing:set', () => {
  it('tells the others, not the typist, and clears by itself without a refresh', async () => {
    const quick = await startServer({ TYPING_TIMEOUT_MS: '500' });
    try {
      const { conversationId: id } = await quick.assign('alice', 'sam');
      const a = await quick.connectAs({ role: 'mentee', sub: 'alice' });
      const s = await quick.connectAs({ role: 'specialist', sub: 'sam' });
      await ok(a, 'conversation:join', { conversationId: id });
      await ok(s, 'conversation:join', { conversationId: id });
      const aliceSeen = recordEvents(a);
      const started = waitFor(s, 'typing:changed', (e) => e.typing);
      await ok(a, 'typing:set', { conversationId: id, typing: true });
      expect(await started).toEqual({ conversationId: id, userId: 'alice', typing: true });
      const stopped = await waitFor(s, 'typing:changed', (e) => !e.typing);
      expect(stopped).toEqual({ conversationId: id, userId: 'alice', typing: false });
      await flush(a);
      expect(aliceSeen.filter((e) => e.event === 'typing:changed')).toEqual([]);
    } finally {
      await quick.close();
    }
  });

  it('broadcasts typing: false when the typist stops explicitly', async () => {
    await ok(sam, 'conversation:join', { conversationId });
    await ok(alice, 'typing:set', { conversationId, typing: true });
    const stopped = waitFor(sam, 'typing:changed', (e) => !e.typing);
    await ok(alice, 'typing:set', { conversationId, typing: false });
    expect(await stopped).toEqual({ conversationId, userId: 'alice', typing: false });
  });
});

describe('conversation:markRead', () => {
  it('stores the read marker, tells the others, and clamps it to the last message', async () => {
    await send(alice, 'one');
    await send(alice, 'two');
    await ok(alice, 'conversation:join', { conversationId });
    const told = waitFor(alice, 'conversation:read');
    expect(await ok(sam, 'conversation:markRead', { conversationId, seq: 99 })).toEqual({ seq: 2 });
    expect(await told).toEqual({ conversationId, userId: 'sam', seq: 2 });
    const { conversations } = await ok(sam, 'conversation:list', {});
    expect(conversations[0]!.lastReadSeq).toBe(2);
  });

  it('never moves a read marker backwards', async () => {
    await send(alice, 'one');
    await send(alice, 'two');
    await ok(sam, 'conversation:markRead', { conversationId, seq: 2 });
    expect(await ok(sam, 'conversation:markRead', { conversationId, seq: 1 })).toEqual({ seq: 2 });
  });
});

describe('presence:changed', () => {
  it('tells conversation partners when a user comes online and goes offline (all devices gone)', async () => {
    alice.disconnect();
    await waitFor(sam, 'presence:changed', (e) => e.userId === 'alice' && !e.online);
    const online = waitFor(sam, 'presence:changed', (e) => e.userId === 'alice' && e.online);
    const phone = await server.connectAs({ role: 'mentee', sub: 'alice' });
    await online;
    const laptop = await server.connectAs({ role: 'mentee', sub: 'alice' });
    const seen = recordEvents(sam);
    phone.disconnect();
    await flush(sam);
    expect(seen.filter((e) => e.event === 'presence:changed')).toEqual([]);
    const offline = waitFor(sam, 'presence:changed', (e) => e.userId === 'alice' && !e.online);
    laptop.disconnect();
    await offline;
  });

  it('does not tell users who share no conversation', async () => {
    const stranger = await server.connectAs({ role: 'mentee', sub: 'stranger' });
    const seen = recordEvents(stranger);
    alice.disconnect();
    await waitFor(sam, 'presence:changed', (e) => e.userId === 'alice');
    await flush(stranger);
    expect(seen).toEqual([]);
  });
});

describe('a non-participant', () => {
  it('can neither join, read, sync, send, type nor mark read, and receives none of the conversation’s events', async () => {
    const mallory = await server.connectAs({ role: 'specialist', sub: 'mallory' });
    const nosyClinician = await server.connectAs({ role: 'clinician', sub: 'carol' });
    const seen = [...[mallory, nosyClinician].map(recordEvents)];
    await ok(alice, 'conversation:join', { conversationId });
    await ok(sam, 'conversation:join', { conversationId });
    await send(alice, 'private');

    for (const outsider of [mallory, nosyClinician]) {
      const attempts = await Promise.all([
        call(outsider, 'conversation:join', { conversationId }),
        call(outsider, 'conversation:history', { conversationId }),
        call(outsider, 'conversation:sync', { conversationId, afterSeq: 0 }),
        call(outsider, 'message:send', { conversationId, clientMessageId: 'x-1', body: 'let me in' }),
        call(outsider, 'typing:set', { conversationId, typing: true }),
        call(outsider, 'conversation:markRead', { conversationId, seq: 1 }),
      ]);
      for (const res of attempts) expect(res).toEqual({ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN' }) });
      expect((await ok(outsider, 'conversation:list', {})).conversations).toEqual([]);
    }
    // Events after the attempts must not reach them either.
    await send(sam, 'still private');
    await ok(alice, 'typing:set', { conversationId, typing: true });
    await ok(alice, 'conversation:markRead', { conversationId, seq: 2 });
    await flush(mallory);
    await flush(nosyClinician);
    for (const s of seen) expect(s).toEqual([]);
    const { messages } = await ok(alice, 'conversation:history', { conversationId });
    expect(messages.map((m: Message) => m.body)).toEqual(['private', 'still private']);
  });
});
