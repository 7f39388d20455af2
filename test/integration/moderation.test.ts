import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Message } from '../../shared/models.js';
import { call, flush, ok, recordEvents, sentMessage, startServer, waitFor, type TestServer, type TestSocket } from '../support/server.js';

let server: TestServer;
let now: number;
let sam: TestSocket; // facilitator of the group
let alice: TestSocket;
let bob: TestSocket;
let carol: TestSocket; // clinician
let groupId: string;

beforeEach(async () => {
  now = Date.now();
  // A clock the tests move forward: mutes end by the store's time, not by a timer.
  server = await startServer({ MESSAGE_RATE_PER_SEC: '0' }, { clock: { now: () => now } });
  sam = await server.connectAs({ role: 'specialist', sub: 'sam' });
  alice = await server.connectAs({ role: 'mentee', sub: 'alice' });
  bob = await server.connectAs({ role: 'mentee', sub: 'bob' });
  carol = await server.connectAs({ role: 'clinician', sub: 'carol' });
  groupId = (await ok(sam, 'group:create', { name: 'Circle', visibility: 'open' })).group.id;
  for (const s of [sam, alice, bob]) await ok(s, 'group:join', { conversationId: groupId });
});
afterEach(() => server.close());

const send = (s: TestSocket, body: string, id = crypto.randomUUID(), conversationId = groupId) =>
  call(s, 'message:send', { conversationId, clientMessageId: id, body });
const refused = (code: string) => ({ ok: false, error: expect.objectContaining({ code }) });

describe('mutes', () => {
  it('mutes with a reason and an end, tells the member, and ends by itself', async () => {
    const told = waitFor(alice, 'sanction:applied');
    const { sanction } = await ok(sam, 'moderation:mute', { conversationId: groupId, userId: 'alice', durationSec: 600, reason: 'Cooling off' });
    expect(sanction).toEqual({ conversationId: groupId, kind: 'mute', reason: 'Cooling off', until: new Date(now + 600_000).toISOString() });
    expect((await told).sanction).toEqual(sanction);

    const muted = await send(alice, 'let me talk');
    expect(muted).toEqual(refused('MUTED'));
    if (!muted.ok) expect(muted.error.until).toBe(sanction.until);
    const summary = (await ok(alice, 'conversation:list', {})).conversations.find((c) => c.id === groupId);
    expect(summary).toMatchObject({ mutedUntil: sanction.until, muteReason: 'Cooling off' });

    now += 599_000;
    expect(await send(alice, 'still muted?')).toEqual(refused('MUTED'));
    now += 1_001;
    sentMessage(await ok(alice, 'message:send', { conversationId: groupId, clientMessageId: 'free', body: 'I am back' }));
  });

  it('unmute lifts it at once', async () => {
    await ok(sam, 'moderation:mute', { conversationId: groupId, userId: 'alice', durationSec: 600, reason: 'x' });
    const lifted = waitFor(alice, 'sanction:lifted');
    await ok(sam, 'moderation:unmute', { conversationId: groupId, userId: 'alice' });
    expect(await lifted).toEqual({ conversationId: groupId, kind: 'mute' });
    sentMessage(await ok(alice, 'message:send', { conversationId: groupId, clientMessageId: 'u1', body: 'thanks' }));
  });

  it('refuses moderation from members, from facilitators of another group, and against fellow facilitators', async () => {
    expect(await call(alice, 'moderation:mute', { conversationId: groupId, userId: 'bob', durationSec: 60, reason: 'x' })).toEqual(refused('FORBIDDEN'));
    const dana = await server.connectAs({ role: 'specialist', sub: 'dana' });
    const otherGroup = (await ok(dana, 'group:create', { name: 'Other', visibility: 'open' })).group.id;
    expect(otherGroup).not.toBe(groupId);
    expect(await call(dana, 'moderation:mute', { conversationId: groupId, userId: 'bob', durationSec: 60, reason: 'x' })).toEqual(refused('FORBIDDEN'));
    expect(await call(sam, 'moderation:mute', { conversationId: otherGroup, userId: 'bob', durationSec: 60, reason: 'x' })).toEqual(refused('FORBIDDEN'));
    await ok(dana, 'group:join', { conversationId: groupId });
    await ok(sam, 'group:setRole', { conversationId: groupId, userId: 'dana', role: 'facilitator' });
    expect(await call(sam, 'moderation:mute', { conversationId: groupId, userId: 'dana', durationSec: 60, reason: 'x' })).toEqual(refused('FORBIDDEN'));
    // A clinician moderates any room.
    await ok(carol, 'moderation:mute', { conversationId: groupId, userId: 'dana', durationSec: 60, reason: 'x' });
  });

  it('refuses a mute longer than 7 days', async () => {
    expect(await call(sam, 'moderation:mute', { conversationId: groupId, userId: 'alice', durationSec: 7 * 24 * 3600 + 1, reason: 'x' })).toEqual(refused('VALIDATION_FAILED'));
  });
});

describe('removal and bans', () => {
  it('removes a member at once: no more events, told why, and may rejoin unless banned', async () => {
    await ok(alice, 'conversation:join', { conversationId: groupId });
    const told = waitFor(alice, 'sanction:applied');
    const left = waitFor(bob, 'member:left');
    await ok(sam, 'moderation:remove', { conversationId: groupId, userId: 'alice', ban: false, reason: 'Off-topic selling' });
    expect((await told).sanction).toEqual({ conversationId: groupId, kind: 'removal', reason: 'Off-topic selling' });
    expect(await left).toEqual({ conversationId: groupId, userId: 'alice', reason: 'removed' });
    const seen = recordEvents(alice);
    await send(bob, 'after removal');
    await flush(alice);
    expect(seen.filter((e) => e.event === 'message:created')).toEqual([]);
    await ok(alice, 'group:join', { conversationId: groupId });

    await ok(sam, 'moderation:remove', { conversationId: groupId, userId: 'alice', ban: true, reason: 'Repeated harassment' });
    const rejoin = await call(alice, 'group:join', { conversationId: groupId });
    expect(rejoin).toEqual(refused('FORBIDDEN'));
    if (!rejoin.ok) expect(rejoin.error.message).toMatch(/Repeated harassment/);
    await ok(sam, 'moderation:unban', { conversationId: groupId, userId: 'alice' });
    await ok(alice, 'group:join', { conversationId: groupId });
  });
});

describe('redaction', () => {
  let message: Message;
  beforeEach(async () => {
    message = sentMessage(await ok(bob, 'message:send', { conversationId: groupId, clientMessageId: 'r1', body: 'something hurtful' }));
    await ok(carol, 'group:join', { conversationId: groupId });
  });

  it('hides the body from members, keeps it for clinicians, tells members live', async () => {
    await ok(alice, 'conversation:join', { conversationId: groupId });
    const redacted = waitFor(alice, 'message:redacted');
    await ok(sam, 'message:redact', { messageId: message.id, reason: 'Hurtful' });
    expect(await redacted).toEqual({ conversationId: groupId, messageId: message.id, seq: message.seq });
    const [forAlice] = (await ok(alice, 'conversation:history', { conversationId: groupId })).messages;
    expect(forAlice).toMatchObject({ id: message.id, body: '', redaction: { at: expect.any(String) } });
    expect(forAlice!.redaction).not.toHaveProperty('reason');
    const [forAuthor] = (await ok(bob, 'conversation:sync', { conversationId: groupId, afterSeq: 0 })).messages;
    expect(forAuthor).toMatchObject({ body: '', redaction: { reason: 'Hurtful' } });
    const [forClinician] = (await ok(carol, 'conversation:history', { conversationId: groupId })).messages;
    expect(forClinician).toMatchObject({ body: 'something hurtful', redaction: { reason: 'Hurtful', by: 'sam' } });
  });

  it('lets the author redact their own message, and nobody else who is not a moderator', async () => {
    expect(await call(alice, 'message:redact', { messageId: message.id, reason: 'mine now' })).toEqual(refused('FORBIDDEN'));
    await ok(bob, 'message:redact', { messageId: message.id, reason: 'I regret it' });
  });
});

describe('reports', () => {
  it('reach the group’s facilitators live, never name the reporter, and are idempotent', async () => {
    const message = sentMessage(await ok(bob, 'message:send', { conversationId: groupId, clientMessageId: 'x1', body: 'you are so annoying' }));
    const bobSeen = recordEvents(bob);
    const aliceSeen = recordEvents(alice);
    const atSam = waitFor(sam, 'report:created');
    const first = await ok(alice, 'message:report', { messageId: message.id, reason: 'Bullying' });
    const { report } = await atSam;
    expect(report).toMatchObject({ id: first.report.id, conversationId: groupId, messageId: message.id, reportedUserId: 'bob', reason: 'Bullying', status: 'open' });
    expect(JSON.stringify(report)).not.toContain('alice');
    const again = await ok(alice, 'message:report', { messageId: message.id, reason: 'Bullying!' });
    expect(again.report.id).toBe(first.report.id);
    await flush(bob);
    await flush(alice);
    expect(bobSeen.filter((e) => e.event === 'report:created')).toEqual([]);
    expect(aliceSeen.filter((e) => e.event === 'report:created')).toEqual([]);

    expect(await call(alice, 'moderation:reports', { conversationId: groupId })).toEqual(refused('FORBIDDEN'));
    const { reports } = await ok(sam, 'moderation:reports', { conversationId: groupId, status: 'open' });
    expect(reports.map((r) => r.id)).toEqual([first.report.id]);
    expect(JSON.stringify(reports)).not.toContain('alice');
    const { report: resolved } = await ok(sam, 'moderation:resolveReport', { reportId: first.report.id, action: 'warn', note: 'Spoke with Bob' });
    expect(resolved).toMatchObject({ status: 'resolved', action: 'warn', resolvedBy: 'sam' });
    expect((await ok(sam, 'moderation:reports', { conversationId: groupId, status: 'open' })).reports).toEqual([]);
  });

  it('in a 1:1 mentorship a report goes to clinicians', async () => {
    const { conversationId } = await server.assign('alice', 'sam');
    const message = sentMessage(await ok(sam, 'message:send', { conversationId, clientMessageId: 'm1', body: 'an odd thing to say' }));
    const atCarol = waitFor(carol, 'report:created');
    await ok(alice, 'message:report', { messageId: message.id, reason: 'Made me uncomfortable' });
    expect((await atCarol).report).toMatchObject({ conversationId, reportedUserId: 'sam' });
  });
});

describe('contact details', () => {
  it('hold: stored but not shown; facilitators review; approval delivers it as a normal message', async () => {
    await ok(bob, 'conversation:join', { conversationId: groupId });
    const bobSeen = recordEvents(bob);
    const review = waitFor(sam, 'review:requested');
    const res = await ok(alice, 'message:send', { conversationId: groupId, clientMessageId: 'h1', body: 'app me: 06-12345678' });
    expect(res.status).toBe('held');
    if (res.status !== 'held') return;
    expect(res.explanation).toMatch(/contact details/);
    expect(res.held).toMatchObject({ status: 'held', findings: ['phone'] });
    expect((await review).held.id).toBe(res.held.id);
    await flush(bob);
    expect(bobSeen.filter((e) => e.event === 'message:created')).toEqual([]);
    expect((await ok(bob, 'conversation:history', { conversationId: groupId })).messages).toEqual([]);
    // A retry is the same held message.
    const retry = await ok(alice, 'message:send', { conversationId: groupId, clientMessageId: 'h1', body: 'app me: 06-12345678' });
    expect(retry).toMatchObject({ status: 'held', held: { id: res.held.id } });

    expect(await call(alice, 'moderation:review', { messageId: res.held.id, decision: 'approve' })).toEqual(refused('FORBIDDEN'));
    const delivered = waitFor(bob, 'message:created');
    const decided = waitFor(alice, 'review:decided');
    const approved = await ok(sam, 'moderation:review', { messageId: res.held.id, decision: 'approve' });
    expect(approved.held.status).toBe('approved');
    expect(await delivered).toMatchObject({ body: 'app me: 06-12345678', senderId: 'alice', seq: 1 });
    expect(await decided).toEqual({ heldId: res.held.id, conversationId: groupId, decision: 'approve' });
    expect(await call(sam, 'moderation:review', { messageId: res.held.id, decision: 'reject' })).toEqual(refused('CONFLICT'));
  });

  it('reject: never shown, and the sender is told', async () => {
    const res = await ok(alice, 'message:send', { conversationId: groupId, clientMessageId: 'h2', body: 'mail me: me [at] mail [dot] com' });
    if (res.status !== 'held') throw new Error('expected held');
    const decided = waitFor(alice, 'review:decided');
    await ok(sam, 'moderation:review', { messageId: res.held.id, decision: 'reject' });
    expect((await decided).decision).toBe('reject');
    expect((await ok(sam, 'conversation:history', { conversationId: groupId })).messages).toEqual([]);
  });

  it('block refuses with CONTACT_DETAILS and stores nothing; allow delivers; ordinary numbers pass', async () => {
    await ok(sam, 'group:update', { conversationId: groupId, contactPolicy: 'block' });
    expect(await send(alice, 'insta: lisa.devries')).toEqual(refused('CONTACT_DETAILS'));
    sentMessage(await ok(alice, 'message:send', { conversationId: groupId, clientMessageId: 'n1', body: 'Day 42 sober, meeting at 19:30, took 50 mg' }));
    await ok(sam, 'group:update', { conversationId: groupId, contactPolicy: 'allow' });
    sentMessage(await ok(alice, 'message:send', { conversationId: groupId, clientMessageId: 'n2', body: 'insta: lisa.devries' }));
    const bodies = (await ok(sam, 'conversation:history', { conversationId: groupId })).messages.map((m) => m.body);
    expect(bodies).toEqual(['Day 42 sober, meeting at 19:30, took 50 mg', 'insta: lisa.devries']);
  });

  it('in a mentorship (hold by default) clinicians review', async () => {
    const { conversationId } = await server.assign('alice', 'sam');
    const review = waitFor(carol, 'review:requested');
    const res = await ok(sam, 'message:send', { conversationId, clientMessageId: 'p1', body: 'text me on +31 6 1234 5678' });
    expect(res.status).toBe('held');
    expect((await review).held.conversationId).toBe(conversationId);
  });
});

describe('audit log', () => {
  it('records each moderation step, for clinicians and admins only, without message bodies', async () => {
    const message = sentMessage(await ok(bob, 'message:send', { conversationId: groupId, clientMessageId: 'a1', body: 'secret body text' }));
    await ok(alice, 'message:report', { messageId: message.id, reason: 'Rude' });
    await ok(sam, 'message:redact', { messageId: message.id, reason: 'Rude' });
    await ok(sam, 'moderation:mute', { conversationId: groupId, userId: 'bob', durationSec: 60, reason: 'Rude' });
    await ok(sam, 'moderation:unmute', { conversationId: groupId, userId: 'bob' });
    await ok(sam, 'moderation:remove', { conversationId: groupId, userId: 'bob', ban: true, reason: 'Again' });
    await ok(sam, 'moderation:unban', { conversationId: groupId, userId: 'bob' });
    const held = await ok(alice, 'message:send', { conversationId: groupId, clientMessageId: 'a2', body: 'bel 0612345678' });
    if (held.status !== 'held') throw new Error('expected held');
    await ok(sam, 'moderation:review', { messageId: held.held.id, decision: 'reject' });

    const forbidden = await server.http(`/api/audit?conversationId=${groupId}`, { token: server.token({ role: 'mentee', sub: 'alice' }) });
    expect(forbidden.status).toBe(403);
    const res = await server.http(`/api/audit?conversationId=${groupId}`, { token: server.token({ role: 'clinician', sub: 'carol' }) });
    expect(res.status).toBe(200);
    // Quiet risk flags on the members' messages are audited too; they have tests of their own (safety.test.ts).
    const moderationSteps = res.body.entries.map((e: { action: string }) => e.action).filter((a: string) => !a.startsWith('risk.'));
    expect(moderationSteps).toEqual([
      'group.created',
      'report.created',
      'message.redacted',
      'member.muted',
      'member.unmuted',
      'member.banned',
      'member.unbanned',
      'message.held',
      'review.rejected',
    ]);
    expect(res.body.entries[3]).toMatchObject({ actorId: 'sam', targetUserId: 'bob', reason: 'Rude', conversationId: groupId });
    expect(JSON.stringify(res.body)).not.toContain('secret body text');
    expect(JSON.stringify(res.body)).not.toContain('0612345678');
  });
});

describe('refusals', () => {
  it('a plain member can use none of the moderation commands', async () => {
    const message = sentMessage(await ok(bob, 'message:send', { conversationId: groupId, clientMessageId: 'z1', body: 'hello' }));
    const report = await ok(bob, 'message:report', { messageId: sentMessage(await ok(alice, 'message:send', { conversationId: groupId, clientMessageId: 'z2', body: 'hey' })).id, reason: 'test' });
    const attempts = await Promise.all([
      call(alice, 'moderation:mute', { conversationId: groupId, userId: 'bob', durationSec: 60, reason: 'x' }),
      call(alice, 'moderation:unmute', { conversationId: groupId, userId: 'bob' }),
      call(alice, 'moderation:remove', { conversationId: groupId, userId: 'bob', ban: false, reason: 'x' }),
      call(alice, 'moderation:unban', { conversationId: groupId, userId: 'bob' }),
      call(alice, 'message:redact', { messageId: message.id, reason: 'x' }),
      call(alice, 'moderation:reports', { conversationId: groupId }),
      call(alice, 'moderation:resolveReport', { reportId: report.report.id, action: 'dismiss' }),
      call(alice, 'group:invite', { conversationId: groupId, userId: 'zed' }),
      call(alice, 'group:setRole', { conversationId: groupId, userId: 'bob', role: 'facilitator' }),
      call(alice, 'group:update', { conversationId: groupId, slowModeSec: 10 }),
    ]);
    for (const res of attempts) expect(res).toEqual(refused('FORBIDDEN'));
  });

  it('a non-member can neither report nor redact', async () => {
    const message = sentMessage(await ok(bob, 'message:send', { conversationId: groupId, clientMessageId: 'y1', body: 'hello' }));
    const outsider = await server.connectAs({ role: 'mentee', sub: 'outsider' });
    expect(await call(outsider, 'message:report', { messageId: message.id, reason: 'x' })).toEqual(refused('FORBIDDEN'));
    expect(await call(outsider, 'message:redact', { messageId: message.id, reason: 'x' })).toEqual(refused('FORBIDDEN'));
  });

  it('a held message from the only facilitator goes to the clinicians', async () => {
    const review = waitFor(carol, 'review:requested');
    const res = await ok(sam, 'message:send', { conversationId: groupId, clientMessageId: 'q1', body: 'mijn nummer: 0612345678' });
    expect(res.status).toBe('held');
    expect((await review).held.senderId).toBe('sam');
  });

  it('a role change is announced as a group update carrying the new roles', async () => {
    await ok(alice, 'conversation:join', { conversationId: groupId });
    const dana = await server.connectAs({ role: 'specialist', sub: 'dana' });
    await ok(dana, 'group:join', { conversationId: groupId });
    const updated = waitFor(alice, 'group:updated', (e) => e.group.participants.some((p) => p.userId === 'dana' && p.role === 'facilitator'));
    await ok(sam, 'group:setRole', { conversationId: groupId, userId: 'dana', role: 'facilitator' });
    await updated;
  });
});

describe('held messages waiting for review', () => {
  it('lists what waits in a room, oldest first, for its moderators only; a decision takes it off the list', async () => {
    const first = await ok(alice, 'message:send', { conversationId: groupId, clientMessageId: 'w1', body: 'bel me: 06 12345678' });
    now += 1000;
    const second = await ok(bob, 'message:send', { conversationId: groupId, clientMessageId: 'w2', body: 'mail me: bob@example.com' });
    sentMessage(await ok(alice, 'message:send', { conversationId: groupId, clientMessageId: 'w3', body: 'an ordinary message' }));
    if (first.status !== 'held' || second.status !== 'held') throw new Error('expected held');

    const waiting = await ok(sam, 'moderation:held', { conversationId: groupId });
    expect(waiting.held.map((h) => [h.id, h.senderId, h.body, h.findings])).toEqual([
      [first.held.id, 'alice', 'bel me: 06 12345678', ['phone']],
      [second.held.id, 'bob', 'mail me: bob@example.com', ['email']],
    ]);
    // Clinicians moderate every room; members and outsiders may not look.
    expect((await ok(carol, 'moderation:held', { conversationId: groupId })).held).toHaveLength(2);
    expect(await call(alice, 'moderation:held', { conversationId: groupId })).toEqual(refused('FORBIDDEN'));
    const dana = await server.connectAs({ role: 'specialist', sub: 'dana' });
    const otherGroup = (await ok(dana, 'group:create', { name: 'Other', visibility: 'open' })).group.id;
    expect(await call(sam, 'moderation:held', { conversationId: otherGroup })).toEqual(refused('FORBIDDEN'));
    expect(await call(sam, 'moderation:held', { conversationId: 'no-such-room' })).toEqual(refused('NOT_FOUND'));

    await ok(sam, 'moderation:review', { messageId: first.held.id, decision: 'approve' });
    await ok(sam, 'moderation:review', { messageId: second.held.id, decision: 'reject' });
    expect((await ok(sam, 'moderation:held', { conversationId: groupId })).held).toEqual([]);
  });
});
