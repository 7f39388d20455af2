import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, connectSocket, ok, startServer, waitFor, type TestServer, type TestSocket } from '../support/server.js';
import { eventually } from '../support/wait.js';

let server: TestServer;
let conversationId: string;
let alice: TestSocket;
let carol: TestSocket;
beforeEach(async () => {
  server = await startServer({ ESCALATION_TICK_MS: '100' });
  ({ conversationId } = await server.assign('alice', 'sam'));
  alice = await server.connectAs({ role: 'mentee', sub: 'alice' });
  carol = await server.connectAs({ role: 'clinician', sub: 'carol' });
  await ok(carol, 'oncall:set', { onCall: true });
});
afterEach(() => server.close());

const as = (role: 'mentee' | 'specialist' | 'clinician' | 'admin', sub: string) => server.token({ role, sub });
const CRISIS = 'I have the pills counted out and I am taking them all tonight';

async function openEscalation() {
  await ok(alice, 'message:send', { conversationId, clientMessageId: 'm1', body: 'I wrote this myself' });
  const alerted = waitFor(carol, 'escalation:alerted');
  await ok(alice, 'message:send', { conversationId, clientMessageId: 'm2', body: CRISIS });
  return (await alerted).escalation;
}

describe('access log (NEN 7513)', () => {
  it('a clinician joining through an escalation and reading history is logged; the mentee sees who and why; admins page through it', async () => {
    const escalation = await openEscalation();
    await ok(carol, 'escalation:ack', { escalationId: escalation.id });
    await ok(carol, 'escalation:join', { escalationId: escalation.id });
    await ok(carol, 'conversation:history', { conversationId });
    await ok(carol, 'escalation:list', {});
    // Participants reading their own conversation are not logged.
    const sam = await server.connectAs({ role: 'specialist', sub: 'sam' });
    await ok(sam, 'conversation:history', { conversationId });

    const mine = await server.http('/api/me/access-log', { token: as('mentee', 'alice') });
    expect(mine.status).toBe(200);
    expect(mine.body.entries).toContainEqual(expect.objectContaining({ actorId: 'carol', actorRole: 'clinician', subjectId: 'alice', data: 'history', conversationId, escalationId: escalation.id, reason: `escalation ${escalation.id}` }));
    expect(mine.body.entries.map((e: { actorId: string }) => e.actorId)).not.toContain('sam');
    // The board's escalations (with their excerpt) are a read of Alice's data too.
    expect(mine.body.entries.map((e: { data: string }) => e.data)).toContain('escalation');

    const admin = await server.http('/api/access-log?userId=alice&limit=1', { token: as('admin', 'ada') });
    expect(admin.body.entries).toHaveLength(1);
    expect(admin.body.nextBefore).toBeTruthy();
    const older = await server.http(`/api/access-log?userId=alice&limit=100&before=${admin.body.nextBefore}`, { token: as('admin', 'ada') });
    expect(older.body.entries.length).toBeGreaterThanOrEqual(1);
    expect((await server.http('/api/access-log', { token: as('clinician', 'carol') })).body.error.code).toBe('FORBIDDEN');
    expect((await server.http('/api/access-log?userId=a%20b', { token: as('admin', 'ada') })).body.error.code).toBe('VALIDATION_FAILED');
  });
});

describe('export', () => {
  it('gives a person their own data as JSON; admins may export anyone (logged); others get 403', async () => {
    await ok(alice, 'message:send', { conversationId, clientMessageId: 'm1', body: 'mine, all mine' });
    const sam = await server.connectAs({ role: 'specialist', sub: 'sam' });
    await ok(sam, 'message:send', { conversationId, clientMessageId: 's1', body: 'not hers to take' });
    await ok(alice, 'support:request', { topic: 'family', note: 'about my sister' });

    const exported = await server.http('/api/me/export', { token: as('mentee', 'alice') });
    expect(exported.status).toBe(200);
    expect(exported.body.user).toMatchObject({ id: 'alice', role: 'mentee', name: 'Alice' });
    expect(exported.body.messages.map((m: { body: string }) => m.body)).toEqual(['mine, all mine']);
    expect(exported.body.memberships).toContainEqual(expect.objectContaining({ conversationId, kind: 'mentorship', role: 'mentee' }));
    expect(exported.body.supportRequests).toEqual([expect.objectContaining({ topic: 'family', note: 'about my sister' })]);
    expect(JSON.stringify(exported.body)).not.toContain('not hers to take');

    expect((await server.http('/api/users/alice/export', { token: as('specialist', 'sam') })).status).toBe(403);
    const byAdmin = await server.http('/api/users/alice/export', { token: as('admin', 'ada') });
    expect(byAdmin.body.messages).toHaveLength(1);
    const log = await server.http('/api/me/access-log', { token: as('mentee', 'alice') });
    expect(log.body.entries).toContainEqual(expect.objectContaining({ actorId: 'ada', data: 'export' }));
  });
});

describe('erasure', () => {
  it('is refused with 409 while an escalation about the person is open (legal hold), and goes ahead once it is resolved', async () => {
    const escalation = await openEscalation();
    const held = await server.http('/api/users/alice', { method: 'DELETE', token: as('admin', 'ada') });
    expect(held.status).toBe(409);
    expect(held.body.error).toMatchObject({ code: 'CONFLICT', details: { reason: 'legal-hold', escalationId: escalation.id } });
    expect((await server.http('/api/users/alice', { method: 'DELETE', token: as('clinician', 'carol') })).status).toBe(403);

    await ok(carol, 'escalation:ack', { escalationId: escalation.id });
    await ok(carol, 'escalation:resolve', { escalationId: escalation.id, outcome: 'Safe' });
    const disconnected = new Promise<void>((resolve) => alice.once('disconnect', () => resolve()));
    const erased = await server.http('/api/users/alice', { method: 'DELETE', token: as('admin', 'ada') });
    expect(erased.status).toBe(200);
    expect(erased.body.erased).toMatchObject({ userId: 'alice', messages: 2 });
    await disconnected;

    // The others see tombstones in place: no gap, no body, no name.
    const sam = await server.connectAs({ role: 'specialist', sub: 'sam' });
    const history = await ok(sam, 'conversation:history', { conversationId });
    expect(history.messages.map((m) => [m.seq, m.body, m.senderName, m.erased])).toEqual([
      [1, '', 'Former member', true],
      [2, '', 'Former member', true],
    ]);
    // Her token no longer starts a session or calls the API.
    await expect(connectSocket(server.url, as('mentee', 'alice'))).rejects.toThrow(/erased/);
    expect((await server.http('/api/me/export', { token: as('mentee', 'alice') })).status).toBe(401);
    // Audited without content.
    const audit = await server.http('/api/audit?action=user.erased', { token: as('admin', 'ada') });
    expect(audit.body.entries).toEqual([expect.objectContaining({ actorId: 'ada', targetUserId: 'alice' })]);
    expect(JSON.stringify(audit.body)).not.toContain('pills');
    await eventually(async () => (await call(sam, 'conversation:list', {})).ok);
  });
});
