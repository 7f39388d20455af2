import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, ok, startServer, waitFor, type TestServer, type TestSocket, type Who } from '../support/server.js';

let server: TestServer;
const refused = (code: string) => ({ ok: false, error: expect.objectContaining({ code }) });

const profile = (over: Record<string, unknown> = {}) => ({
  displayName: 'Sam',
  bio: 'Ten years sober; I help with alcohol and anxiety.',
  specialties: ['alcohol', 'anxiety'],
  languages: ['nl', 'en'],
  certified: true,
  engagement: 'part-time',
  maxActiveMentees: 5,
  ...over,
});

type Offer = { request: { id: string; menteeId: string }; expiresAt: string };
const offersOf = new WeakMap<TestSocket, { seen: Offer[]; waiters: Array<() => void> }>();

/** A specialist with a profile, connected, and (by default) available. Offers are recorded from the first moment. */
async function specialist(who: Omit<Who, 'role'>, over: Record<string, unknown> = {}, available = true): Promise<TestSocket> {
  const token = server.token({ role: 'specialist', ...who });
  const res = await server.http('/api/specialists/me', { method: 'PUT', token, body: profile({ displayName: who.sub, ...over }) });
  expect(res.status).toBe(200);
  const socket = await server.connectAs({ role: 'specialist', ...who });
  const record = { seen: [] as Offer[], waiters: [] as Array<() => void> };
  offersOf.set(socket, record);
  socket.on('support:offered', (offer) => {
    record.seen.push(offer);
    for (const wake of record.waiters.splice(0)) wake();
  });
  if (available) await ok(socket, 'availability:set', { status: 'available' });
  return socket;
}

/** The specialist's next offer not yet taken by this helper (already received, or still to come). */
async function nextOffer(socket: TestSocket, timeoutMs = 5000): Promise<Offer> {
  const record = offersOf.get(socket)!;
  const deadline = Date.now() + timeoutMs;
  while (record.seen.length === 0) {
    if (Date.now() > deadline) throw new Error('timed out waiting for support:offered');
    await new Promise<void>((resolve) => {
      record.waiters.push(resolve);
      setTimeout(resolve, 50);
    });
  }
  return record.seen.shift()!;
}

beforeEach(async () => {
  server = await startServer({
    MESSAGE_RATE_PER_SEC: '0',
    OFFER_TIMEOUT_SEC: '1',
    AVAILABILITY_GRACE_SEC: '1',
    ESCALATION_TICK_MS: '100',
    GUEST_TOKENS_PER_HOUR: '3',
  });
});
afterEach(() => server.close());

describe('profiles', () => {
  it('validates the profile and lists it; mentees see no private fields, staff do', async () => {
    const token = server.token({ role: 'specialist', sub: 'sam', programId: 'p1' });
    const bad = await server.http('/api/specialists/me', { method: 'PUT', token, body: profile({ languages: ['Dutch'], maxActiveMentees: 0, engagement: 'sometimes', extra: 1 }) });
    expect(bad.status).toBe(400);
    const paths = bad.body.error.details.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['languages.0', 'maxActiveMentees', 'engagement']));
    const mentee = await server.http('/api/specialists/me', { method: 'PUT', token: server.token({ role: 'mentee', sub: 'alice' }), body: profile() });
    expect(mentee.status).toBe(403);
    expect((await server.http('/api/specialists/me', { method: 'PUT', token, body: profile() })).status).toBe(200);

    const forMentee = await server.http('/api/specialists', { token: server.token({ role: 'mentee', sub: 'alice' }) });
    expect(forMentee.body.specialists).toEqual([expect.objectContaining({ displayName: 'Sam', availability: 'offline', specialties: ['alcohol', 'anxiety'] })]);
    for (const field of ['maxActiveMentees', 'activeMentees', 'programId']) expect(forMentee.body.specialists[0]).not.toHaveProperty(field);
    const forStaff = await server.http('/api/specialists', { token: server.token({ role: 'clinician', sub: 'carol' }) });
    expect(forStaff.body.specialists[0]).toMatchObject({ maxActiveMentees: 5, activeMentees: 0, programId: 'p1' });
  });

  it('being connected does not make a specialist available; a disconnect past the grace period sets offline', async () => {
    const sam = await specialist({ sub: 'sam' }, {}, false);
    const list = async () => (await server.http('/api/specialists', { token: server.token({ role: 'admin', sub: 'ada' }) })).body.specialists[0].availability;
    expect(await list()).toBe('offline');
    await ok(sam, 'availability:set', { status: 'available' });
    expect(await list()).toBe('available');
    sam.disconnect();
    const deadline = Date.now() + 5000;
    while ((await list()) !== 'offline' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await list()).toBe('offline');
  });
});

describe('requests and offers', () => {
  it('offers a request to an available specialist; accepting creates the mentorship and tells both', async () => {
    const sam = await specialist({ sub: 'sam' });
    const alice = await server.connectAs({ role: 'mentee', sub: 'alice' });
    const offer = nextOffer(sam);
    const res = await ok(alice, 'support:request', { topic: 'alcohol', language: 'nl', note: 'Hallo!' });
    expect(res.request).toMatchObject({ status: 'waiting', topic: 'alcohol', risk: 'none' });
    expect(res.position).toBe(1);
    const { request } = await offer;
    expect(request.id).toBe(res.request.id);
    const matchedAlice = waitFor(alice, 'support:matched');
    const accepted = await ok(sam, 'support:accept', { requestId: request.id });
    expect(accepted.mentorship).toMatchObject({ menteeId: 'alice', specialistId: 'sam', status: 'active' });
    const { conversation } = await matchedAlice;
    expect(conversation.id).toBe(accepted.mentorship.conversationId);
    await ok(alice, 'message:send', { conversationId: conversation.id, clientMessageId: 'hi', body: 'Hi Sam!' });
  });

  it('keeps one open request per mentee', async () => {
    const alice = await server.connectAs({ role: 'mentee', sub: 'alice' });
    const first = await ok(alice, 'support:request', { topic: 'anxiety' });
    const second = await ok(alice, 'support:request', { topic: 'alcohol' });
    expect(second.request.id).toBe(first.request.id);
  });

  it('program mentees go to their program’s specialists first; guests and others to the shared pool', async () => {
    const pool = await specialist({ sub: 'pool' });
    const inProgram = await specialist({ sub: 'prog', programId: 'p1' });
    const alice = await server.connectAs({ role: 'mentee', sub: 'alice', programId: 'p1' });
    const toProgram = nextOffer(inProgram);
    await ok(alice, 'support:request', { topic: 'anxiety' });
    expect((await toProgram).request.menteeId).toBe('alice');
    const guest = await server.http('/api/guest', { method: 'POST', body: {} });
    const g = await (await import('../support/server.js')).connectSocket(server.url, guest.body.token);
    const toPool = nextOffer(pool);
    await ok(g, 'support:request', { topic: 'anxiety' });
    expect((await toPool).request.menteeId).toBe(guest.body.user.userId);
    g.disconnect();
  });

  it('prefers the language, then the specialty, then the lightest caseload', async () => {
    const english = await specialist({ sub: 'en-only' }, { languages: ['en'], specialties: ['opioids'] });
    const dutchAlcohol = await specialist({ sub: 'nl-alcohol' }, { languages: ['nl'], specialties: ['alcohol'] });
    await specialist({ sub: 'nl-anxiety' }, { languages: ['nl'], specialties: ['anxiety'] });
    const alice = await server.connectAs({ role: 'mentee', sub: 'alice' });
    const offer = nextOffer(dutchAlcohol);
    await ok(alice, 'support:request', { topic: 'alcohol', language: 'nl' });
    expect((await offer).request.menteeId).toBe('alice');
    const bob = await server.connectAs({ role: 'mentee', sub: 'bob' });
    const toEnglish = nextOffer(english);
    await ok(bob, 'support:request', { topic: 'opioids', language: 'en' });
    expect((await toEnglish).request.menteeId).toBe('bob');
  });

  it('an unanswered offer goes to the next specialist, and the silent one becomes busy and is told', async () => {
    const first = await specialist({ sub: 'first' });
    const alice = await server.connectAs({ role: 'mentee', sub: 'alice' });
    const offered = nextOffer(first);
    await ok(alice, 'support:request', { topic: 'anxiety' });
    const { request } = await offered;
    const second = await specialist({ sub: 'second' });
    const busy = waitFor(first, 'availability:changed', () => true, 5000);
    const next = nextOffer(second);
    expect(await busy).toEqual({ status: 'busy', reason: expect.any(String) });
    expect((await next).request.id).toBe(request.id);
    expect(await call(first, 'support:accept', { requestId: request.id })).toEqual(refused('ALREADY_CLAIMED'));
  });

  it('a decline goes to the next specialist', async () => {
    const first = await specialist({ sub: 'first' });
    const second = await specialist({ sub: 'second' });
    const alice = await server.connectAs({ role: 'mentee', sub: 'alice' });
    await ok(alice, 'support:request', { topic: 'anxiety' });
    const received = (s: TestSocket) => offersOf.get(s)!.seen.length;
    const deadline = Date.now() + 5000;
    while (received(first) + received(second) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const [offeredTo, other] = received(first) > 0 ? [first, second] : [second, first];
    const { request } = await nextOffer(offeredTo);
    await ok(offeredTo, 'support:decline', { requestId: request.id });
    expect((await nextOffer(other)).request.id).toBe(request.id);
  });

  it('concurrent accepts: exactly one specialist wins', async () => {
    const a = await specialist({ sub: 'a' });
    const b = await specialist({ sub: 'b' });
    const alice = await server.connectAs({ role: 'mentee', sub: 'alice' });
    const offer = Promise.race([nextOffer(a), nextOffer(b)]);
    await ok(alice, 'support:request', { topic: 'anxiety' });
    const { request } = await offer;
    const results = await Promise.all([a, b].map((s) => call(s, 'support:accept', { requestId: request.id })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([refused('ALREADY_CLAIMED')]);
  });

  it('a specialist at the caseload cap receives no offers', async () => {
    const full = await specialist({ sub: 'full' }, { maxActiveMentees: 1 });
    await server.assign('earlier', 'full');
    const alice = await server.connectAs({ role: 'mentee', sub: 'alice' });
    const res = await ok(alice, 'support:request', { topic: 'anxiety' });
    const open = await specialist({ sub: 'open' });
    const offer = await nextOffer(open);
    expect(offer.request.id).toBe(res.request.id);
    expect(full.connected).toBe(true);
  });

  it('risk goes first: a high-risk note jumps the queue, opens an escalation and brings resources', async () => {
    const carol = await server.connectAs({ role: 'clinician', sub: 'carol' });
    await ok(carol, 'oncall:set', { onCall: true });
    const early = await server.connectAs({ role: 'mentee', sub: 'early' });
    await ok(early, 'support:request', { topic: 'anxiety' });
    const alice = await server.connectAs({ role: 'mentee', sub: 'alice' });
    const resources = waitFor(alice, 'safety:resources');
    const alert = waitFor(carol, 'escalation:alerted');
    const urgent = await ok(alice, 'support:request', { topic: 'anxiety', note: 'ik wil niet meer leven' });
    expect(urgent.request.risk).toBe('high');
    expect(urgent.position).toBe(1);
    await resources;
    expect((await alert).escalation.excerpt.map((m) => m.body)).toEqual(['ik wil niet meer leven']);
    const sam = await specialist({ sub: 'sam' });
    expect((await nextOffer(sam)).request.id).toBe(urgent.request.id);
  });

  it('going busy hands a pending offer to the next specialist at once', async () => {
    const first = await specialist({ sub: 'first' });
    const alice = await server.connectAs({ role: 'mentee', sub: 'alice' });
    const { request } = await ok(alice, 'support:request', { topic: 'anxiety' });
    expect((await nextOffer(first)).request.id).toBe(request.id);
    const second = await specialist({ sub: 'second' }, {}, false);
    const withdrawn = waitFor(first, 'support:offerWithdrawn');
    await ok(second, 'availability:set', { status: 'available' });
    await ok(first, 'availability:set', { status: 'busy' });
    expect(await withdrawn).toEqual({ requestId: request.id, reason: 'cancelled' });
    expect((await nextOffer(second)).request.id).toBe(request.id);
  });

  it('cancel withdraws the request and its offer', async () => {
    const sam = await specialist({ sub: 'sam' });
    const alice = await server.connectAs({ role: 'mentee', sub: 'alice' });
    const offer = nextOffer(sam);
    const { request } = await ok(alice, 'support:request', { topic: 'anxiety' });
    await offer;
    const withdrawn = waitFor(sam, 'support:offerWithdrawn');
    expect((await ok(alice, 'support:cancel', { requestId: request.id })).request.status).toBe('cancelled');
    expect(await withdrawn).toEqual({ requestId: request.id, reason: 'cancelled' });
    expect(await call(sam, 'support:accept', { requestId: request.id })).toEqual(refused('ALREADY_CLAIMED'));
  });

  it('nobody available: an honest message with the crisis resources', async () => {
    const alice = await server.connectAs({ role: 'mentee', sub: 'alice' });
    const res = await ok(alice, 'support:request', { topic: 'anxiety' });
    expect(res.notice).toEqual({ message: expect.stringMatching(/No peer specialist is available/), resources: expect.arrayContaining([expect.objectContaining({ phone: '0800-0113' })]) });
  });

  it('outside office hours a specialist gets no offers, and mentees see when they are back', async () => {
    const now = new Date();
    const tomorrow = ((now.getUTCDay() + 1) % 7) || 7;
    await specialist({ sub: 'night' }, { officeHours: { timezone: 'UTC', slots: [{ day: tomorrow === 7 ? 7 : tomorrow, from: '00:00', to: '00:15' }] } });
    const alice = await server.connectAs({ role: 'mentee', sub: 'alice' });
    const res = await ok(alice, 'support:request', { topic: 'anxiety' });
    expect(res.notice).toBeDefined();
    const listed = await server.http('/api/specialists', { token: server.token({ role: 'mentee', sub: 'alice' }) });
    expect(listed.body.specialists[0].backAt).toEqual(expect.any(String));
  });
});

describe('guests and boundaries', () => {
  it('a guest gets a pseudonymous mentee token, rate-limited per address, and can do no more than a mentee', async () => {
    const res = await server.http('/api/guest', { method: 'POST', body: { language: 'en' } });
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({ role: 'mentee', name: expect.stringMatching(/^\w+ \w+ \d+$/) });
    const guest = await (await import('../support/server.js')).connectSocket(server.url, res.body.token);
    expect(await call(guest, 'group:create', { name: 'x', visibility: 'open' })).toEqual(refused('FORBIDDEN'));
    expect(await call(guest, 'escalation:list', {})).toEqual(refused('FORBIDDEN'));
    expect(await call(guest, 'availability:set', { status: 'available' })).toEqual(refused('FORBIDDEN'));
    const assign = await server.http('/api/mentorships', { method: 'POST', token: res.body.token, body: { menteeId: 'a', specialistId: 'b' } });
    expect(assign.status).toBe(403);
    guest.disconnect();
    await server.http('/api/guest', { method: 'POST', body: {} });
    await server.http('/api/guest', { method: 'POST', body: {} });
    const limited = await server.http('/api/guest', { method: 'POST', body: {} });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('guest tokens: JSON bodies only (a cross-site form cannot mint one), never cached, and sniffing off', async () => {
    const json = await server.http('/api/guest', { method: 'POST', body: {} });
    expect(json.status).toBe(201);
    expect(json.headers.get('cache-control')).toBe('no-store');
    expect(json.headers.get('x-content-type-options')).toBe('nosniff');
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await fetch(`${server.url}/api/guest`, { method: 'POST', headers: { 'content-type': contentType }, body: 'displayName=x' });
      expect(res.status).toBe(415);
      expect((await res.json()).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
    // No body at all is fine: everything in it is optional.
    expect((await fetch(`${server.url}/api/guest`, { method: 'POST' })).status).toBe(201);
  });

  it('behind a trusted proxy, guest limits count each client address', async () => {
    const proxied = await startServer({ TRUST_PROXY: 'loopback', GUEST_TOKENS_PER_HOUR: '1' });
    try {
      const from = (address: string) => proxied.http('/api/guest', { method: 'POST', body: {}, headers: { 'x-forwarded-for': address } } as never);
      expect((await from('203.0.113.7')).status).toBe(201);
      expect((await from('203.0.113.7')).status).toBe(429);
      expect((await from('203.0.113.8')).status).toBe(201);
    } finally {
      await proxied.close();
    }
  });

  it('mentorship:end from either side makes the conversation read-only; a specialist can block the mentee', async () => {
    const sam = await specialist({ sub: 'sam' });
    const alice = await server.connectAs({ role: 'mentee', sub: 'alice' });
    const offer = nextOffer(sam);
    await ok(alice, 'support:request', { topic: 'anxiety' });
    const { mentorship } = await ok(sam, 'support:accept', { requestId: (await offer).request.id });
    const mallory = await server.connectAs({ role: 'mentee', sub: 'mallory' });
    expect(await call(mallory, 'mentorship:end', { mentorshipId: mentorship.id })).toEqual(refused('FORBIDDEN'));
    expect(await call(alice, 'mentorship:end', { mentorshipId: mentorship.id, block: true })).toEqual(refused('FORBIDDEN'));
    await ok(sam, 'mentorship:end', { mentorshipId: mentorship.id, reason: 'Boundaries', block: true });
    expect(await call(alice, 'message:send', { conversationId: mentorship.conversationId, clientMessageId: 'late', body: 'hello?' })).toEqual(refused('FORBIDDEN'));
    const again = await ok(alice, 'support:request', { topic: 'anxiety' });
    const other = await specialist({ sub: 'other' });
    expect((await nextOffer(other)).request.id).toBe(again.request.id);
  });
});
