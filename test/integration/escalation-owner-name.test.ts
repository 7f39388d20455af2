import { afterEach, beforeEach, expect, it } from 'vitest';
import { call, ok, startServer, waitFor, type TestServer, type TestSocket } from '../support/server.js';

// The clinician board names who has an escalation: the owner's display name travels beside the id.
let server: TestServer;
let alice: TestSocket;
let conversationId: string;

beforeEach(async () => {
  server = await startServer({ MESSAGE_RATE_PER_SEC: '0', ESCALATION_TICK_MS: '100' });
  ({ conversationId } = await server.assign('alice', 'sam'));
  alice = await server.connectAs({ role: 'mentee', sub: 'alice' });
});
afterEach(() => server.close());

async function clinician(sub: string, name: string) {
  const socket = await server.connectAs({ role: 'clinician', sub, name });
  await ok(socket, 'oncall:set', { onCall: true });
  return socket;
}

it('the slower clinician learns who acknowledged first; updates and the list carry the owner’s name', async () => {
  const carol = await clinician('carol', 'Dr. Carol Jansen');
  const dave = await clinician('dave', 'Dave de Vries');
  const alerted = waitFor(dave, 'escalation:alerted');
  await ok(alice, 'message:send', { conversationId, clientMessageId: 'm1', body: 'I have my pills counted out and I am going to take them all tonight' });
  const { escalation } = await alerted;

  const update = waitFor(dave, 'escalation:updated', (e) => e.escalation.status === 'acknowledged');
  expect((await ok(carol, 'escalation:ack', { escalationId: escalation.id })).escalation).toMatchObject({ ownerId: 'carol', ownerName: 'Dr. Carol Jansen' });
  expect((await update).escalation).toMatchObject({ ownerId: 'carol', ownerName: 'Dr. Carol Jansen' });

  const refused = await call(dave, 'escalation:ack', { escalationId: escalation.id });
  expect(refused).toEqual({ ok: false, error: expect.objectContaining({ code: 'ALREADY_CLAIMED', details: { status: 'acknowledged', ownerId: 'carol', ownerName: 'Dr. Carol Jansen' } }) });

  const { escalations } = await ok(dave, 'escalation:list', {});
  expect(escalations.find((e) => e.id === escalation.id)).toMatchObject({ ownerId: 'carol', ownerName: 'Dr. Carol Jansen' });

  const resolved = waitFor(dave, 'escalation:updated', (e) => e.escalation.status === 'resolved');
  await ok(carol, 'escalation:resolve', { escalationId: escalation.id, outcome: 'Safe for now' });
  expect((await resolved).escalation).toMatchObject({ ownerName: 'Dr. Carol Jansen', outcome: 'Safe for now' });
});
