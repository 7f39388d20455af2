import { afterEach, describe, expect, it } from 'vitest';
import { ChatClientError, createClient, type ChatClient } from '../../client/index.js';
import type { Message } from '../../shared/models.js';
import { createFaultyStore } from '../support/faulty-store.js';
import { dropConnections, sentMessage, startServer, type TestServer } from '../support/server.js';
import { eventually } from '../support/wait.js';

let server: TestServer;
const clients: ChatClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await server.close();
});

function clientFor(sub: string, role: 'mentee' | 'specialist', options: { ackTimeoutMs?: number } = {}) {
  const client = createClient({
    url: server.url,
    token: () => server.token({ role, sub }),
    socket: { transports: ['websocket'], reconnectionDelay: 50, reconnectionDelayMax: 200 },
    ...options,
  });
  clients.push(client);
  return client;
}

function collect(client: ChatClient) {
  const seen: Message[] = [];
  client.on('message', (m) => seen.push(m));
  return seen;
}

const until = (check: () => boolean) => eventually(check);

/** Sends through the SDK and returns the delivered message (these conversations hold nothing for review). */
const send = async (client: ChatClient, conversationId: string, body: string) => sentMessage(await client.send(conversationId, body));

describe('client SDK', () => {
  it('sends, and the partner sees each message exactly once', async () => {
    server = await startServer({ MESSAGE_RATE_PER_SEC: '0' });
    const { conversationId } = await server.assign('alice', 'sam');
    const alice = clientFor('alice', 'mentee');
    const sam = clientFor('sam', 'specialist');
    await Promise.all([alice.connect(), sam.connect()]);
    await Promise.all([alice.join(conversationId), sam.join(conversationId)]);
    const atSam = collect(sam);
    const atAlice = collect(alice);
    const sent = await send(alice, conversationId, 'Hello Sam\r\nHow are you?');
    expect(sent).toMatchObject({ seq: 1, body: 'Hello Sam\nHow are you?' });
    await until(() => atSam.length === 1 && atAlice.length === 1);
    expect(atSam[0]).toEqual(sent);
    expect(atAlice[0]).toEqual(sent);
  });

  it('after a dropped connection, reconnects and syncs: every message once, in seq order', async () => {
    server = await startServer({ MESSAGE_RATE_PER_SEC: '0' });
    const { conversationId } = await server.assign('alice', 'sam');
    const alice = clientFor('alice', 'mentee');
    const sam = clientFor('sam', 'specialist');
    await Promise.all([alice.connect(), sam.connect()]);
    await sam.join(conversationId);
    const atSam = collect(sam);
    await send(alice, conversationId, 'm1');
    await until(() => atSam.length === 1);

    const reconnected = new Promise<void>((resolve) => {
      let drops = 0;
      sam.on('disconnected', () => drops++);
      sam.on('connected', () => drops > 0 && resolve());
    });
    expect(dropConnections(server, 'sam')).toBe(1);
    for (let i = 2; i <= 20; i++) await send(alice, conversationId, `m${i}`);
    await reconnected;
    await send(alice, conversationId, 'm21');
    await until(() => atSam.length === 21);
    expect(atSam.map((m) => m.seq)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
    expect(atSam.map((m) => m.body)).toEqual(Array.from({ length: 21 }, (_, i) => `m${i + 1}`));
  });

  it('joins from a known seq and delivers what came after it first', async () => {
    server = await startServer({ MESSAGE_RATE_PER_SEC: '0' });
    const { conversationId } = await server.assign('alice', 'sam');
    const alice = clientFor('alice', 'mentee');
    await alice.connect();
    for (let i = 1; i <= 5; i++) await send(alice, conversationId, `m${i}`);
    const sam = clientFor('sam', 'specialist');
    await sam.connect();
    const atSam = collect(sam);
    await sam.join(conversationId, { afterSeq: 2 });
    await send(alice, conversationId, 'm6');
    await until(() => atSam.length === 4);
    expect(atSam.map((m) => m.seq)).toEqual([3, 4, 5, 6]);
  });

  it('retries through UNAVAILABLE until stored, and the message is stored once', async () => {
    const { store, faults } = createFaultyStore();
    server = await startServer({ MESSAGE_RATE_PER_SEC: '0' }, { store });
    const { conversationId } = await server.assign('alice', 'sam');
    const alice = clientFor('alice', 'mentee');
    await alice.connect();
    faults.failNextAppends = 3;
    const sent = await send(alice, conversationId, 'through the outage');
    expect(faults.appendCalls).toBe(4);
    const { messages } = await alice.sync(conversationId, 0);
    expect(messages).toEqual([sent]);
  });

  it('retries when an acknowledgement is lost and never stores the message twice', async () => {
    const { store, faults } = createFaultyStore();
    server = await startServer({ MESSAGE_RATE_PER_SEC: '0' }, { store });
    const { conversationId } = await server.assign('alice', 'sam');
    const alice = clientFor('alice', 'mentee', { ackTimeoutMs: 150 });
    await alice.connect();
    faults.appendDelayMs = 400;
    const sending = send(alice, conversationId, 'slow ack');
    await until(() => faults.appendCalls >= 2);
    faults.appendDelayMs = 0;
    const sent = await sending;
    const { messages } = await alice.sync(conversationId, 0);
    expect(messages).toEqual([sent]);
  });

  it('waits out RATE_LIMITED and delivers every message', async () => {
    server = await startServer({ MESSAGE_RATE_PER_SEC: '20', MESSAGE_BURST: '3' });
    const { conversationId } = await server.assign('alice', 'sam');
    const alice = clientFor('alice', 'mentee');
    await alice.connect();
    const sent = await Promise.all(Array.from({ length: 8 }, (_, i) => send(alice, conversationId, `r${i}`)));
    expect(sent.map((m) => m.seq).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('rejects a refused send with the server’s code', async () => {
    server = await startServer();
    const { conversationId } = await server.assign('alice', 'sam');
    const mallory = clientFor('mallory', 'mentee');
    await mallory.connect();
    const err = await send(mallory, conversationId, 'hi').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChatClientError);
    expect((err as ChatClientError).code).toBe('FORBIDDEN');
  });

  it('rejects connect with the handshake’s code', async () => {
    server = await startServer();
    const client = createClient({ url: server.url, token: 'not-a-token', socket: { transports: ['websocket'] } });
    clients.push(client);
    const err = await client.connect().catch((e: unknown) => e);
    expect((err as ChatClientError).code).toBe('AUTH_INVALID');
  });

  it('reports an expired session', async () => {
    server = await startServer();
    const client = createClient({
      url: server.url,
      token: server.token({ role: 'mentee', sub: 'alice' }, 3),
      socket: { transports: ['websocket'] },
    });
    clients.push(client);
    const expired = new Promise((resolve) => client.on('sessionExpired', resolve));
    await client.connect();
    expect(await expired).toMatchObject({ reason: 'TOKEN_EXPIRED' });
  });
});
