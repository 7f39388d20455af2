import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, ok, startServer, waitFor, type TestServer } from '../support/server.js';

let server: TestServer;
let admin: string;
beforeEach(async () => {
  server = await startServer();
  admin = server.token({ role: 'admin', sub: 'admin-1' });
});
afterEach(() => server.close());

const assign = (body: unknown, token = admin) => server.http('/api/mentorships', { method: 'POST', token, body });

describe('POST /api/mentorships', () => {
  it('creates the mentorship and its conversation (201), then returns the same for the same pair (200)', async () => {
    const first = await assign({ menteeId: 'alice', specialistId: 'sam' });
    expect(first.status).toBe(201);
    expect(first.body.mentorship).toMatchObject({ menteeId: 'alice', specialistId: 'sam', status: 'active' });
    expect(first.body.conversation).toMatchObject({
      id: first.body.mentorship.conversationId,
      kind: 'mentorship',
      status: 'active',
      mentorshipId: first.body.mentorship.id,
      lastSeq: 0,
    });
    expect(first.body.conversation.participants.map((p: { userId: string; role: string }) => [p.userId, p.role])).toEqual([
      ['alice', 'mentee'],
      ['sam', 'specialist'],
    ]);
    const again = await assign({ menteeId: 'alice', specialistId: 'sam' }, server.token({ role: 'clinician', sub: 'carol' }));
    expect(again.status).toBe(200);
    expect(again.body.mentorship.id).toBe(first.body.mentorship.id);
  });

  it('tells connected participants about their new conversation', async () => {
    const alice = await server.connectAs({ role: 'mentee', sub: 'alice' });
    const told = waitFor(alice, 'conversation:created');
    const res = await assign({ menteeId: 'alice', specialistId: 'sam' });
    const { conversation } = await told;
    expect(conversation.id).toBe(res.body.conversation.id);
    expect(conversation.participants.find((p) => p.userId === 'alice')?.online).toBe(true);
  });

  it.each([
    ['the same user on both sides', { menteeId: 'alice', specialistId: 'alice' }, 'specialistId'],
    ['a missing specialistId', { menteeId: 'alice' }, 'specialistId'],
    ['an id of the wrong shape', { menteeId: 'alice smith', specialistId: 'sam' }, 'menteeId'],
    ['an operator object', { menteeId: { $ne: null }, specialistId: 'sam' }, 'menteeId'],
    ['an extra key', { menteeId: 'alice', specialistId: 'sam', status: 'ended' }, ''],
  ])('refuses %s with 400 VALIDATION_FAILED', async (_name, body, path) => {
    const res = await assign(body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details.issues.map((i: { path: string }) => i.path)).toContain(path);
  });

  it('refuses malformed JSON with 400 VALIDATION_FAILED', async () => {
    const res = await server.http('/api/mentorships', { method: 'POST', token: admin, body: '{"menteeId": ', headers: {} } as never);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('refuses users known to hold other roles', async () => {
    await server.connectAs({ role: 'specialist', sub: 'sam' });
    await server.connectAs({ role: 'clinician', sub: 'carol' });
    const res = await assign({ menteeId: 'sam', specialistId: 'carol' });
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues.map((i: { path: string }) => i.path)).toEqual(['menteeId', 'specialistId']);
  });
});

describe('DELETE /api/mentorships/:id', () => {
  it('ends it: participants are told, the conversation is read-only, and ending twice is harmless', async () => {
    const created = await assign({ menteeId: 'alice', specialistId: 'sam' });
    const { id, conversationId } = created.body.mentorship;
    const sam = await server.connectAs({ role: 'specialist', sub: 'sam' });
    await ok(sam, 'message:send', { conversationId, clientMessageId: 'c-1', body: 'Take care, Alice.' });
    const told = waitFor(sam, 'conversation:updated');
    const ended = await server.http(`/api/mentorships/${id}`, { method: 'DELETE', token: admin });
    expect(ended.status).toBe(200);
    expect(ended.body.mentorship).toMatchObject({ id, status: 'ended', endedBy: 'admin-1' });
    expect(await told).toEqual({ conversationId, status: 'closed' });
    const again = await server.http(`/api/mentorships/${id}`, { method: 'DELETE', token: admin });
    expect(again.status).toBe(200);
    expect(again.body.mentorship.endedAt).toBe(ended.body.mentorship.endedAt);

    const refused = await call(sam, 'message:send', { conversationId, clientMessageId: 'c-2', body: 'one more' });
    expect(refused).toEqual({ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN' }) });
    const alice = await server.connectAs({ role: 'mentee', sub: 'alice' });
    expect((await ok(alice, 'conversation:history', { conversationId })).messages.map((m) => m.body)).toEqual(['Take care, Alice.']);
    expect((await ok(alice, 'conversation:list', {})).conversations[0]?.status).toBe('closed');
  });

  it('lets the same pair start over with a new mentorship and conversation', async () => {
    const first = await assign({ menteeId: 'alice', specialistId: 'sam' });
    await server.http(`/api/mentorships/${first.body.mentorship.id}`, { method: 'DELETE', token: admin });
    const second = await assign({ menteeId: 'alice', specialistId: 'sam' });
    expect(second.status).toBe(201);
    expect(second.body.mentorship.conversationId).not.toBe(first.body.mentorship.conversationId);
  });

  it('answers 404 for an unknown mentorship and 403 for participants', async () => {
    expect((await server.http('/api/mentorships/nope', { method: 'DELETE', token: admin })).status).toBe(404);
    const created = await assign({ menteeId: 'alice', specialistId: 'sam' });
    const res = await server.http(`/api/mentorships/${created.body.mentorship.id}`, {
      method: 'DELETE',
      token: server.token({ role: 'mentee', sub: 'alice' }),
    });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
  });
});

describe('GET /api/mentorships', () => {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const list = (query = '', token = admin) => server.http(`/api/mentorships${query}`, { token });

  it('lists active mentorships newest first with known names, filtered by mentee or specialist', async () => {
    await server.connectAs({ role: 'mentee', sub: 'alice', name: 'Alice A.' });
    await server.connectAs({ role: 'specialist', sub: 'sam', name: 'Sam S.' });
    // A millisecond apart at least, so "newest first" is decided by time, not by the id tie-break.
    const first = await server.assign('alice', 'sam');
    await sleep(3);
    const second = await server.assign('bob', 'sam');
    await sleep(3);
    const third = await server.assign('alice', 'sky');
    const ended = await server.assign('carl', 'sky');
    await server.http(`/api/mentorships/${ended.mentorshipId}`, { method: 'DELETE', token: admin });

    const all = await list();
    expect(all.status).toBe(200);
    expect(all.body.mentorships.map((m: { id: string }) => m.id)).toEqual([third.mentorshipId, second.mentorshipId, first.mentorshipId]);
    expect(all.body.mentorships[2]).toMatchObject({ menteeId: 'alice', menteeName: 'Alice A.', specialistId: 'sam', specialistName: 'Sam S.', status: 'active', conversationId: first.conversationId });
    expect(all.body.mentorships[1].menteeName).toBeUndefined();
    expect(all.body.nextBefore).toBeUndefined();

    expect((await list('?menteeId=alice')).body.mentorships.map((m: { id: string }) => m.id)).toEqual([third.mentorshipId, first.mentorshipId]);
    expect((await list('?specialistId=sam&menteeId=bob')).body.mentorships.map((m: { id: string }) => m.id)).toEqual([second.mentorshipId]);
    expect((await list('?specialistId=nobody')).body.mentorships).toEqual([]);
  });

  it('pages with nextBefore until nothing is left', async () => {
    // Assigned at once: some share a creation time, and the pages still cover each exactly once, in order.
    const created = await Promise.all(['m1', 'm2', 'm3', 'm4', 'm5'].map((mentee) => server.assign(mentee, 'sam')));
    const ids = (await list()).body.mentorships.map((m: { id: string }) => m.id);
    expect([...ids].sort()).toEqual(created.map((c) => c.mentorshipId).sort());
    const seen: string[] = [];
    let before: string | undefined;
    for (let page = 0; page < 5; page++) {
      const res = await list(`?limit=2${before ? `&before=${encodeURIComponent(before)}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.mentorships.map((m: { id: string }) => m.id));
      before = res.body.nextBefore;
      if (!before) break;
    }
    expect(seen).toEqual(ids);
  });

  it('is for admins only: clinicians, specialists and mentees get 403 FORBIDDEN', async () => {
    await server.assign('alice', 'sam');
    for (const [role, sub] of [['clinician', 'carol'], ['specialist', 'sam'], ['mentee', 'alice']] as const) {
      const res = await list('', server.token({ role, sub }));
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
    expect((await server.http('/api/mentorships')).status).toBe(401);
  });

  it.each([
    ['an unknown filter', '?status=ended', ''],
    ['a limit above 200', '?limit=500', 'limit'],
    ['a malformed cursor', '?before=not-a-cursor', 'before'],
    ['a user id of the wrong shape', '?menteeId=a%20b', 'menteeId'],
  ])('refuses %s with 400 VALIDATION_FAILED', async (_name, query, path) => {
    const res = await list(query);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details.issues.map((i: { path: string }) => i.path)).toContain(path);
  });
});

describe('health', () => {
  it('answers /healthz and /readyz', async () => {
    expect(await server.http('/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });
    const ready = await server.http('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready', checks: { accepting: 'ok', store: 'ok' } });
  });

  it('answers unknown endpoints with 404 NOT_FOUND in the error shape', async () => {
    const res = await server.http('/api/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String) } });
  });
});
