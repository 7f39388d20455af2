import { afterEach, describe, expect, it } from 'vitest';
import { startCluster, type Cluster, type NodeProcess } from '../support/cluster.js';
import { call, ok, sentMessage, waitFor, type TestSocket } from '../support/server.js';
import { NODE_RESTART_MS, SYSTEM_TEST_TIMEOUT_MS } from '../support/timeouts.js';

let cluster: Cluster | undefined;
afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});

async function groupWith(cluster: Cluster, facilitatorNode: NodeProcess, memberNode: NodeProcess) {
  const sam = await cluster.connect(facilitatorNode, { role: 'specialist', sub: 'sam' });
  const alice = await cluster.connect(memberNode, { role: 'mentee', sub: 'alice' });
  const bob = await cluster.connect(facilitatorNode, { role: 'mentee', sub: 'bob' });
  const groupId = (await ok(sam, 'group:create', { name: 'Circle', visibility: 'open' })).group.id;
  for (const s of [sam, alice, bob]) await ok(s, 'group:join', { conversationId: groupId });
  return { sam, alice, bob, groupId };
}

describe('moderation across nodes', { timeout: SYSTEM_TEST_TIMEOUT_MS }, () => {
  it('a removal on node 1 stops the member’s sockets on node 2 from receiving the group’s events', async () => {
    cluster = await startCluster();
    const [n1, n2] = cluster.nodes as [NodeProcess, NodeProcess];
    const { sam, alice, bob, groupId } = await groupWith(cluster, n1, n2);
    const before = waitFor(alice, 'message:created');
    await ok(bob, 'message:send', { conversationId: groupId, clientMessageId: 'b1', body: 'hello all' });
    expect((await before).body).toBe('hello all');

    const told = waitFor(alice, 'sanction:applied');
    await ok(sam, 'moderation:remove', { conversationId: groupId, userId: 'alice', ban: true, reason: 'Harassment' });
    expect((await told).sanction).toMatchObject({ kind: 'ban', reason: 'Harassment' });
    const received: string[] = [];
    alice.on('message:created', (m) => received.push(m.body));
    await ok(bob, 'message:send', { conversationId: groupId, clientMessageId: 'b2', body: 'after the removal' });
    // A marker through the same adapter channel, addressed to alice herself, arrives after anything sent before it.
    const marker = waitFor(alice, 'sanction:lifted');
    await ok(sam, 'moderation:unmute', { conversationId: groupId, userId: 'alice' });
    await marker;
    expect(received).toEqual([]);
    expect(await call(alice, 'group:join', { conversationId: groupId })).toEqual({ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN' }) });
  });

  it('a report on node 2 reaches the facilitator on node 1 at once', async () => {
    cluster = await startCluster();
    const [n1, n2] = cluster.nodes as [NodeProcess, NodeProcess];
    const { sam, alice, bob, groupId } = await groupWith(cluster, n1, n2);
    const message = sentMessage(await ok(bob, 'message:send', { conversationId: groupId, clientMessageId: 'r1', body: 'nasty words' }));
    const atSam = waitFor(sam, 'report:created');
    await ok(alice, 'message:report', { messageId: message.id, reason: 'Nasty' });
    const { report } = await atSam;
    expect(report).toMatchObject({ messageId: message.id, reportedUserId: 'bob' });
    expect(JSON.stringify(report)).not.toContain('alice');
  });

  it('a mute survives a restart of every node and still ends by itself', async () => {
    cluster = await startCluster();
    const [n1, n2] = cluster.nodes as [NodeProcess, NodeProcess];
    const { sam, groupId } = await groupWith(cluster, n1, n2);
    // Long enough to outlast the restart on a busy machine; the test then waits for it to end.
    const { sanction } = await ok(sam, 'moderation:mute', { conversationId: groupId, userId: 'alice', durationSec: NODE_RESTART_MS / 1000, reason: 'Pause' });
    await Promise.all([n1.kill(), n2.kill()]);

    const n3 = await cluster.addNode();
    const alice: TestSocket = await cluster.connect(n3, { role: 'mentee', sub: 'alice' });
    expect(Date.now(), 'the restart took longer than the mute lasts').toBeLessThan(Date.parse(sanction.until!) - 1000);
    const muted = await call(alice, 'message:send', { conversationId: groupId, clientMessageId: 'm1', body: 'can I talk?' });
    expect(muted).toEqual({ ok: false, error: expect.objectContaining({ code: 'MUTED', until: sanction.until }) });
    const wait = Date.parse(sanction.until!) - Date.now();
    await new Promise((r) => setTimeout(r, Math.max(0, wait) + 200));
    sentMessage(await ok(alice, 'message:send', { conversationId: groupId, clientMessageId: 'm1', body: 'can I talk?' }));
  });
});
