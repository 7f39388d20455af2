import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient, type ChatClient, type ClientEvents } from '../../client/index.js';
import type { Role } from '../../shared/models.js';
import { startServer, type TestServer } from '../support/server.js';
import { EVENT_TIMEOUT_MS } from '../support/timeouts.js';

let server: TestServer;
const clients: ChatClient[] = [];

beforeEach(async () => {
  server = await startServer({ MESSAGE_RATE_PER_SEC: '0', ESCALATION_TICK_MS: '100' });
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await server.close();
});

/** A connected SDK client, as an application would make one. */
async function clientFor(who: { role: Role; sub: string; programId?: string; locale?: string }) {
  const client = createClient({ url: server.url, token: server.token(who), socket: { transports: ['websocket'] } });
  clients.push(client);
  await client.connect();
  return client;
}

/** The first argument of the SDK event's next firing. */
function next<E extends keyof ClientEvents>(client: ChatClient, event: E, timeoutMs = EVENT_TIMEOUT_MS): Promise<Parameters<ClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for ${event}`));
    }, timeoutMs);
    const off = client.on(event, ((payload: Parameters<ClientEvents[E]>[0]) => {
      clearTimeout(timer);
      off();
      resolve(payload);
    }) as ClientEvents[E]);
  });
}

describe('client SDK: typed events for escalation and matching', () => {
  it('an on-call clinician hears escalationAlerted for a risky mentee message, and the mentee hears safetyResources', async () => {
    const { conversationId } = await server.assign('alice', 'sam');
    const carol = await clientFor({ role: 'clinician', sub: 'carol', programId: 'p1' });
    expect(await carol.request('oncall:set', { onCall: true })).toEqual({ onCall: true });
    const alice = await clientFor({ role: 'mentee', sub: 'alice', programId: 'p1', locale: 'en-US' });
    await alice.join(conversationId);

    const resources = next(alice, 'safetyResources');
    const alerted = next(carol, 'escalationAlerted');
    await alice.send(conversationId, 'I want to kill myself');

    expect(await resources).toEqual({ conversationId, resources: expect.arrayContaining([expect.objectContaining({ phone: '988' })]) });
    const escalation = await alerted;
    expect(escalation).toMatchObject({ conversationId, source: 'auto', raisedBy: 'alice', status: 'open', categories: ['suicide'] });

    const updated = next(carol, 'escalationUpdated');
    const acked = await carol.request('escalation:ack', { escalationId: escalation.id });
    expect(acked.escalation).toMatchObject({ id: escalation.id, status: 'acknowledged', ownerId: 'carol' });
    expect(await updated).toMatchObject({ id: escalation.id, status: 'acknowledged', ownerId: 'carol' });
  });

  it('an available specialist hears supportOffered; accepting gives both sides supportMatched', async () => {
    const token = server.token({ role: 'specialist', sub: 'sam' });
    const profile = await server.http('/api/specialists/me', {
      method: 'PUT',
      token,
      body: { displayName: 'Sam', bio: 'Peer specialist', specialties: ['anxiety'], languages: ['en'], certified: true, engagement: 'part-time', maxActiveMentees: 5 },
    });
    expect(profile.status).toBe(200);
    const sam = await clientFor({ role: 'specialist', sub: 'sam' });
    expect(await sam.request('availability:set', { status: 'available' })).toEqual({ status: 'available' });
    const bob = await clientFor({ role: 'mentee', sub: 'bob' });

    const offered = next(sam, 'supportOffered');
    const { request } = await bob.request('support:request', { topic: 'anxiety' });
    const offer = await offered;
    expect(offer.request).toMatchObject({ id: request.id, menteeId: 'bob' });
    expect(Date.parse(offer.expiresAt)).toBeGreaterThan(Date.now());

    const matchedBob = next(bob, 'supportMatched');
    const matchedSam = next(sam, 'supportMatched');
    const accepted = await sam.request('support:accept', { requestId: request.id });
    for (const matched of [await matchedBob, await matchedSam]) {
      expect(matched.mentorship.id).toBe(accepted.mentorship.id);
      expect(matched.conversation.id).toBe(accepted.conversation.id);
    }
  });

  it('request() rejects with the server’s code', async () => {
    const alice = await clientFor({ role: 'mentee', sub: 'alice' });
    await expect(alice.request('oncall:set', { onCall: true })).rejects.toMatchObject({ name: 'ChatClientError', code: 'FORBIDDEN' });
  });
});
