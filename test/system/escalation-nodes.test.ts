import { afterEach, describe, expect, it } from 'vitest';
import { startCluster, type Cluster, type NodeProcess } from '../support/cluster.js';
import { startSmtp } from '../support/outbound.js';
import { call, httpJson, ok, waitFor } from '../support/server.js';
import { eventually } from '../support/wait.js';
import { SYSTEM_TEST_TIMEOUT_MS } from '../support/timeouts.js';

let cluster: Cluster | undefined;
afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});

const FAST = { ESCALATION_TICK_MS: '200' };

async function setPolicy(cluster: Cluster, node: NodeProcess, policy: unknown) {
  const res = await httpJson(`${node.url}/api/escalation-policy`, { method: 'PUT', token: cluster.token({ role: 'admin', sub: 'ada' }), body: policy });
  expect(res.status).toBe(200);
}

describe('escalation across nodes', { timeout: SYSTEM_TEST_TIMEOUT_MS }, () => {
  it('a risky message on node 1 alerts on-call clinicians on node 2; exactly one of them, on either node, owns it', async () => {
    cluster = await startCluster({ env: FAST });
    const [n1, n2] = cluster.nodes as [NodeProcess, NodeProcess];
    const conversationId = await cluster.assign('alice', 'sam');
    const alice = await cluster.connect(n1, { role: 'mentee', sub: 'alice' });
    const onN1 = await cluster.connect(n1, { role: 'clinician', sub: 'c1' });
    const onN2 = await cluster.connect(n2, { role: 'clinician', sub: 'c2' });
    for (const c of [onN1, onN2]) await ok(c, 'oncall:set', { onCall: true });
    const alerts = [waitFor(onN1, 'escalation:alerted'), waitFor(onN2, 'escalation:alerted')];
    const resources = waitFor(alice, 'safety:resources');
    await ok(alice, 'message:send', { conversationId, clientMessageId: 'r1', body: 'I want to kill myself' });
    await resources;
    const [a1, a2] = await Promise.all(alerts);
    expect(a1!.escalation.id).toBe(a2!.escalation.id);
    const results = await Promise.all([onN1, onN2].map((c) => call(c, 'escalation:ack', { escalationId: a1!.escalation.id })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.error.code === 'ALREADY_CLAIMED')).toHaveLength(1);
  });

  it('the node that opened the escalation is killed with SIGKILL before the next step: the other node escalates on time', async () => {
    cluster = await startCluster({ env: FAST });
    const [n1, n2] = cluster.nodes as [NodeProcess, NodeProcess];
    await setPolicy(cluster, n2, {
      tiers: [
        { name: 'On call', target: 'on-call', ackTimeoutSec: 2 },
        { name: 'Backup', target: 'users', userIds: ['backup'], ackTimeoutSec: 60 },
      ],
      repeats: 0,
      realertSec: 900,
    });
    const conversationId = await cluster.assign('alice', 'sam');
    const alice = await cluster.connect(n1, { role: 'mentee', sub: 'alice' });
    const onCall = await cluster.connect(n2, { role: 'clinician', sub: 'carol' });
    await ok(onCall, 'oncall:set', { onCall: true });
    const backup = await cluster.connect(n2, { role: 'clinician', sub: 'backup' });

    const first = waitFor(onCall, 'escalation:alerted');
    await ok(alice, 'message:send', { conversationId, clientMessageId: 'k1', body: 'ik wil dood' });
    const alerted = await first;
    const firstAt = Date.now();
    await n1.kill();

    const second = await waitFor(backup, 'escalation:alerted', (e) => e.escalation.tier === 2);
    const delay = Date.now() - firstAt;
    expect(second.escalation.id).toBe(alerted.escalation.id);
    // Due 2 s after the first alert; carried out by the surviving node within a few seconds of that.
    expect(delay).toBeGreaterThanOrEqual(1500);
    expect(delay).toBeLessThan(2000 + 3000);
  });

  it('a node is SIGKILLed between the alert and its e-mail: the other node sends it, once', async () => {
    const smtp = await startSmtp();
    try {
      cluster = await startCluster({ env: { ...FAST, SMTP_URL: smtp.url } });
      const [n1, n2] = cluster.nodes as [NodeProcess, NodeProcess];
      await setPolicy(cluster, n2, { tiers: [{ name: 'On call', target: 'on-call', ackTimeoutSec: 60, notify: { afterSec: 2, email: true } }], repeats: 0 });
      const carolToken = cluster.token({ role: 'clinician', sub: 'carol' });
      await httpJson(`${n2.url}/api/clinicians/me/contact`, { method: 'PUT', token: carolToken, body: { email: 'carol@example.org' } });
      const conversationId = await cluster.assign('alice', 'sam');
      const alice = await cluster.connect(n1, { role: 'mentee', sub: 'alice' });
      const carol = await cluster.connect(n2, { role: 'clinician', sub: 'carol' });
      await ok(carol, 'oncall:set', { onCall: true });

      const alerted = waitFor(carol, 'escalation:alerted');
      await ok(alice, 'message:send', { conversationId, clientMessageId: 'k1', body: 'ik wil dood' });
      await alerted;
      // Carol is connected, so the e-mail waits afterSec (2 s) for an acknowledgement that never comes.
      expect(smtp.mails).toHaveLength(0);
      await n1.kill();
      await eventually(() => smtp.mails.length >= 1, 15_000);
      await new Promise((r) => setTimeout(r, 3000));
      expect(smtp.mails).toHaveLength(1);
      expect(smtp.mails[0]!.to).toEqual(['carol@example.org']);
    } finally {
      await smtp.close();
    }
  });
});
