import { afterEach, describe, expect, it } from 'vitest';
import { sentMessage } from '../support/server.js';
import { createClient, type ChatClient } from '../../client/index.js';
import type { Message } from '../../shared/models.js';
import { eventually, startCluster, type Cluster } from '../support/cluster.js';
import { call, httpJson, ok } from '../support/server.js';
import { TcpBalancer } from '../support/tcp-balancer.js';
import { ACK_TIMEOUT_MS, RECOVERY_TIMEOUT_MS, SYSTEM_TEST_TIMEOUT_MS } from '../support/timeouts.js';

let cluster: Cluster | undefined;
let balancer: TcpBalancer | undefined;
const clients: ChatClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await balancer?.close();
  balancer = undefined;
  await cluster?.close();
  cluster = undefined;
});

function sdk(url: string, role: 'mentee' | 'specialist', sub: string) {
  const client = createClient({
    url,
    token: () => cluster!.token({ role, sub }),
    ackTimeoutMs: ACK_TIMEOUT_MS,
    socket: { transports: ['websocket'], reconnectionDelay: 100, reconnectionDelayMax: 500 },
  });
  clients.push(client);
  const seen: Message[] = [];
  client.on('message', (m) => seen.push(m));
  return { client, seen };
}

const until = (check: () => boolean) => eventually(check, RECOVERY_TIMEOUT_MS);

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** Sends through the SDK and returns the delivered message (these conversations hold nothing for review). */
const send = async (client: ChatClient, conversationId: string, body: string) => sentMessage(await client.send(conversationId, body));

describe('failures with real processes', { timeout: SYSTEM_TEST_TIMEOUT_MS }, () => {
  it('a node killed with SIGKILL mid-conversation: its clients reconnect to the other node and end up with every acknowledged message once, in order', async () => {
    cluster = await startCluster();
    const [n1, n2] = cluster.nodes;
    // Round robin: the first connection lands on node 1, the second on node 2.
    balancer = await TcpBalancer.start(() => cluster!.nodes.map((n) => n.port));
    const conversationId = await cluster.assign('alice', 'sam');
    const alice = sdk(balancer.url, 'mentee', 'alice');
    await alice.client.connect();
    const sam = sdk(balancer.url, 'specialist', 'sam');
    await sam.client.connect();
    await alice.client.join(conversationId);
    await sam.client.join(conversationId);

    const acked: Message[] = [];
    const sending = (async () => {
      for (let i = 1; i <= 40; i++) {
        const sender = i % 3 === 0 ? sam : alice;
        acked.push(await send(sender.client, conversationId, `message ${i}`));
      }
    })();
    await until(() => acked.length >= 12);
    await n1!.kill();
    await sending;

    expect(acked.map((m) => m.seq)).toEqual(range(40));
    await until(() => sam.seen.length >= 40 && alice.seen.length >= 40);
    for (const { seen } of [alice, sam]) {
      expect(seen.map((m) => m.seq)).toEqual(range(40));
      expect(seen.map((m) => m.body)).toEqual(range(40).map((i) => `message ${i}`));
    }
    // And the store agrees, through the surviving node.
    const check = await cluster.connect(n2!, { role: 'mentee', sub: 'alice' });
    const stored = await ok(check, 'conversation:sync', { conversationId, afterSeq: 0 });
    expect(stored.messages).toEqual(acked);
  });

  it('Redis killed and restarted while both nodes run: nothing acknowledged is lost and cross-node delivery resumes', async () => {
    cluster = await startCluster();
    const [n1, n2] = cluster.nodes;
    const conversationId = await cluster.assign('alice', 'sam');
    const alice = sdk(n1!.url, 'mentee', 'alice');
    const sam = sdk(n2!.url, 'specialist', 'sam');
    await Promise.all([alice.client.connect(), sam.client.connect()]);
    await Promise.all([alice.client.join(conversationId), sam.client.join(conversationId)]);
    await send(alice.client, conversationId, 'before the outage');
    await until(() => sam.seen.length === 1);

    await cluster.redis.kill();
    // Each node goes on serving its own clients: sends are stored and acknowledged.
    const during: Message[] = [];
    for (let i = 1; i <= 5; i++) during.push(await send(alice.client, conversationId, `during ${i}`));
    expect(during.map((m) => m.seq)).toEqual([2, 3, 4, 5, 6]);
    const readyDuring = await httpJson(`${n1!.url}/readyz`);
    expect(readyDuring.status).toBe(200);
    expect(readyDuring.body).toMatchObject({ status: 'degraded', checks: { redis: 'failing', store: 'ok' } });

    await cluster.redis.restart();
    await eventually(async () => {
      const [a, b] = await Promise.all([httpJson(`${n1!.url}/readyz`), httpJson(`${n2!.url}/readyz`)]);
      return a.body.checks?.redis === 'ok' && b.body.checks?.redis === 'ok';
    });
    // Live delivery across nodes is back; the gap is filled from the store.
    await send(alice.client, conversationId, 'after the outage');
    await until(() => sam.seen.length === 7);
    expect(sam.seen.map((m) => m.seq)).toEqual(range(7));
    expect(sam.seen.map((m) => m.body)).toEqual(['before the outage', ...during.map((m) => m.body), 'after the outage']);
  });

  it('MongoDB stops answering: sends fail fast with UNAVAILABLE, none is acknowledged falsely; when it is back, sends succeed', async () => {
    // What this test measures: a short store timeout turns a silent MongoDB into a quick UNAVAILABLE.
    cluster = await startCluster({ env: { MONGODB_TIMEOUT_MS: '1500' } });
    const wire = cluster.mongo.wire;
    if (!wire) return expect(cluster.mongo.kind).toBe('mongod'); // a real mongod cannot be paused from here
    const [n1, n2] = cluster.nodes;
    const conversationId = await cluster.assign('alice', 'sam');
    const alice = await cluster.connect(n1!, { role: 'mentee', sub: 'alice' });
    const sam = await cluster.connect(n2!, { role: 'specialist', sub: 'sam' });
    await ok(sam, 'conversation:join', { conversationId });
    await ok(alice, 'message:send', { conversationId, clientMessageId: 'ok-1', body: 'first' });

    wire.pause();
    const started = Date.now();
    const refused = await call(alice, 'message:send', { conversationId, clientMessageId: 'held-1', body: 'during' });
    const waited = Date.now() - started;
    expect(refused).toEqual({ ok: false, error: expect.objectContaining({ code: 'UNAVAILABLE' }) });
    // One deadline per command, however many store calls it makes: MONGODB_TIMEOUT_MS + 0.5 s at most.
    expect(waited).toBeLessThan(1500 + 500);
    const ready = await httpJson(`${n1!.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(ready.body.checks.store).toBe('failing');
    expect(alice.connected).toBe(true);

    wire.resume();
    // The retry (same clientMessageId) is acknowledged once the store answers, and stored once.
    await eventually(async () => (await call(alice, 'message:send', { conversationId, clientMessageId: 'held-1', body: 'during' })).ok, RECOVERY_TIMEOUT_MS);
    await ok(alice, 'message:send', { conversationId, clientMessageId: 'ok-2', body: 'after' });
    const { messages } = await ok(sam, 'conversation:sync', { conversationId, afterSeq: 0 });
    expect(messages.map((m) => m.body)).toEqual(['first', 'during', 'after']);
    expect(messages.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect((await httpJson(`${n1!.url}/readyz`)).status).toBe(200);
  });

  it('MongoDB gone entirely (connections refused) and back: UNAVAILABLE meanwhile, then sends succeed without a restart', async () => {
    cluster = await startCluster();
    const wire = cluster.mongo.wire;
    if (!wire) return expect(cluster.mongo.kind).toBe('mongod');
    const [n1] = cluster.nodes;
    const conversationId = await cluster.assign('alice', 'sam');
    const alice = await cluster.connect(n1!, { role: 'mentee', sub: 'alice' });
    await ok(alice, 'message:send', { conversationId, clientMessageId: 'g-1', body: 'first' });

    await wire.stop();
    const refused = await call(alice, 'message:send', { conversationId, clientMessageId: 'g-2', body: 'second' });
    expect(refused).toEqual({ ok: false, error: expect.objectContaining({ code: 'UNAVAILABLE' }) });
    await wire.restart();
    await eventually(async () => (await call(alice, 'message:send', { conversationId, clientMessageId: 'g-2', body: 'second' })).ok, RECOVERY_TIMEOUT_MS);
    const { messages } = await ok(alice, 'conversation:sync', { conversationId, afterSeq: 0 });
    expect(messages.map((m) => [m.seq, m.body])).toEqual([
      [1, 'first'],
      [2, 'second'],
    ]);
  });
});
