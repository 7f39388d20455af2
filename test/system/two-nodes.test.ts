import { afterEach, describe, expect, it } from 'vitest';
import { call, ok, sentMessage, waitFor } from '../support/server.js';
import { startCluster, type Cluster } from '../support/cluster.js';
import { NODE_GONE_TIMEOUT_MS, SYSTEM_TEST_TIMEOUT_MS } from '../support/timeouts.js';

let cluster: Cluster | undefined;
afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});

describe('two server processes sharing Redis and MongoDB', { timeout: SYSTEM_TEST_TIMEOUT_MS }, () => {
  it('a mentee on node 1 and a specialist on node 2 talk both ways; seq, order, dedupe, typing, reads and presence hold', async () => {
    cluster = await startCluster();
    const [n1, n2] = cluster.nodes as [typeof cluster.nodes[0], typeof cluster.nodes[0]];
    const conversationId = await cluster.assign('alice', 'sam');
    const alice = await cluster.connect(n1, { role: 'mentee', sub: 'alice' });
    const samOnline = waitFor(alice, 'presence:changed', (e) => e.userId === 'sam' && e.online);
    const sam = await cluster.connect(n2, { role: 'specialist', sub: 'sam' });
    await samOnline;
    await ok(alice, 'conversation:join', { conversationId });
    await ok(sam, 'conversation:join', { conversationId });

    const atSam = waitFor(sam, 'message:created', (m) => m.seq === 1);
    const first = await ok(alice, 'message:send', { conversationId, clientMessageId: 'a-1', body: 'Hi Sam' });
    expect(await atSam).toEqual(sentMessage(first));
    const atAlice = waitFor(alice, 'message:created', (m) => m.seq === 2);
    const reply = await ok(sam, 'message:send', { conversationId, clientMessageId: 's-1', body: 'Hi Alice' });
    expect(await atAlice).toEqual(sentMessage(reply));

    // A retry through the other node is the same message.
    const samAlso = await cluster.connect(n2, { role: 'mentee', sub: 'alice' });
    expect(await ok(samAlso, 'message:send', { conversationId, clientMessageId: 'a-1', body: 'Hi Sam' })).toEqual(first);

    const typing = waitFor(sam, 'typing:changed', (e) => e.typing);
    await ok(alice, 'typing:set', { conversationId, typing: true });
    expect(await typing).toEqual({ conversationId, userId: 'alice', typing: true });
    const read = waitFor(alice, 'conversation:read');
    await ok(sam, 'conversation:markRead', { conversationId, seq: 2 });
    expect(await read).toEqual({ conversationId, userId: 'sam', seq: 2 });

    const history = await ok(sam, 'conversation:history', { conversationId });
    expect(history.messages.map((m) => [m.seq, m.body])).toEqual([
      [1, 'Hi Sam'],
      [2, 'Hi Alice'],
    ]);
  });

  it('keeps seq gapless and unique with concurrent senders on both nodes', async () => {
    cluster = await startCluster();
    const [n1, n2] = cluster.nodes as [typeof cluster.nodes[0], typeof cluster.nodes[0]];
    const conversationId = await cluster.assign('alice', 'sam');
    const senders = await Promise.all([
      cluster.connect(n1, { role: 'mentee', sub: 'alice' }),
      cluster.connect(n2, { role: 'mentee', sub: 'alice' }),
      cluster.connect(n1, { role: 'specialist', sub: 'sam' }),
      cluster.connect(n2, { role: 'specialist', sub: 'sam' }),
    ]);
    const results = await Promise.all(
      senders.flatMap((socket, s) =>
        Array.from({ length: 25 }, (_, i) => call(socket, 'message:send', { conversationId, clientMessageId: `c${s}-${i}`, body: `from ${s}: ${i}` })),
      ),
    );
    const seqs = results.map((r) => sentMessage(r).seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    const stored = await ok(senders[0]!, 'conversation:sync', { conversationId, afterSeq: 0 });
    expect(stored.messages.map((m) => m.seq)).toEqual(seqs);
    expect(new Set(stored.messages.map((m) => m.clientMessageId)).size).toBe(100);
  });

  it('shares the rate limit across nodes: connecting to both does not double the allowance', async () => {
    cluster = await startCluster({ env: { MESSAGE_RATE_PER_SEC: '1', MESSAGE_BURST: '10' } });
    const [n1, n2] = cluster.nodes as [typeof cluster.nodes[0], typeof cluster.nodes[0]];
    const conversationId = await cluster.assign('alice', 'sam');
    const on1 = await cluster.connect(n1, { role: 'mentee', sub: 'alice' });
    const on2 = await cluster.connect(n2, { role: 'mentee', sub: 'alice' });
    const results = await Promise.all(
      [on1, on2].flatMap((socket, s) =>
        Array.from({ length: 12 }, (_, i) => call(socket, 'message:send', { conversationId, clientMessageId: `r${s}-${i}`, body: 'x' })),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(10);
    expect(results.filter((r) => !r.ok && r.error.code === 'RATE_LIMITED')).toHaveLength(14);
  });

  it('a node that dies does not leave its users online: partners on the other node hear they went offline', async () => {
    cluster = await startCluster();
    const [n1, n2] = cluster.nodes as [typeof cluster.nodes[0], typeof cluster.nodes[0]];
    await cluster.assign('alice', 'sam');
    const sam = await cluster.connect(n2, { role: 'specialist', sub: 'sam' });
    const online = waitFor(sam, 'presence:changed', (e) => e.userId === 'alice' && e.online);
    await cluster.connect(n1, { role: 'mentee', sub: 'alice' });
    await online;
    const listed = await ok(sam, 'conversation:list', {});
    expect(listed.conversations[0]!.participants.find((p) => p.userId === 'alice')?.online).toBe(true);

    const offline = waitFor(sam, 'presence:changed', (e) => e.userId === 'alice' && !e.online, NODE_GONE_TIMEOUT_MS);
    await n1.kill();
    await offline;
    const after = await ok(sam, 'conversation:list', {});
    expect(after.conversations[0]!.participants.find((p) => p.userId === 'alice')?.online).toBe(false);
  });
});
