import { afterEach, describe, expect, it } from 'vitest';
import { eventually, startCluster, type Cluster, type NodeProcess } from '../support/cluster.js';
import { call, httpJson, ok, waitFor } from '../support/server.js';
import { NODE_GONE_TIMEOUT_MS, SYSTEM_TEST_TIMEOUT_MS } from '../support/timeouts.js';

let cluster: Cluster | undefined;
afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});

const ENV = { ESCALATION_TICK_MS: '200', OFFER_TIMEOUT_SEC: '2', AVAILABILITY_GRACE_SEC: '1' };
const profile = { displayName: 'S', bio: 'Peer specialist', specialties: ['anxiety'], languages: ['nl'], certified: true, engagement: 'volunteer', maxActiveMentees: 5 };

async function putProfile(cluster: Cluster, node: NodeProcess, sub: string) {
  const res = await httpJson(`${node.url}/api/specialists/me`, { method: 'PUT', token: cluster.token({ role: 'specialist', sub }), body: { ...profile, displayName: sub } });
  expect(res.status).toBe(200);
}

describe('matching across nodes', { timeout: SYSTEM_TEST_TIMEOUT_MS }, () => {
  it('a request on node 1 is offered to a specialist on node 2; the match reaches both; only the offered one can accept', async () => {
    cluster = await startCluster({ env: ENV });
    const [n1, n2] = cluster.nodes as [NodeProcess, NodeProcess];
    await putProfile(cluster, n1, 'sam');
    await putProfile(cluster, n2, 'sky');
    const sam = await cluster.connect(n2, { role: 'specialist', sub: 'sam' });
    const sky = await cluster.connect(n1, { role: 'specialist', sub: 'sky' });
    const offer = waitFor(sam, 'support:offered');
    await ok(sam, 'availability:set', { status: 'available' });
    const alice = await cluster.connect(n1, { role: 'mentee', sub: 'alice' });
    const { request } = await ok(alice, 'support:request', { topic: 'anxiety' });
    expect((await offer).request.id).toBe(request.id);

    const matched = waitFor(alice, 'support:matched');
    const results = await Promise.all([call(sam, 'support:accept', { requestId: request.id }), call(sky, 'support:accept', { requestId: request.id })]);
    expect(results[0]!.ok).toBe(true);
    expect(results[1]).toEqual({ ok: false, error: expect.objectContaining({ code: 'ALREADY_CLAIMED' }) });
    expect((await matched).mentorship).toMatchObject({ menteeId: 'alice', specialistId: 'sam' });
  });

  it('availability holds across nodes, and a specialist whose node died is set offline after the grace period', async () => {
    cluster = await startCluster({ env: ENV });
    const [n1, n2] = cluster.nodes as [NodeProcess, NodeProcess];
    await putProfile(cluster, n2, 'sam');
    const sam = await cluster.connect(n1, { role: 'specialist', sub: 'sam' });
    await ok(sam, 'availability:set', { status: 'available' });
    const listed = async () => (await httpJson(`${n2.url}/api/specialists`, { token: cluster!.token({ role: 'admin', sub: 'ada' }) })).body.specialists[0].availability;
    expect(await listed()).toBe('available');
    await n1.kill();
    // Presence lapses with the dead node (PRESENCE_TTL_MS) and the grace period follows; node 2 notices.
    await eventually(async () => (await listed()) === 'offline', NODE_GONE_TIMEOUT_MS + 1000 * Number(ENV.AVAILABILITY_GRACE_SEC));
  });
});
