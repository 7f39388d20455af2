import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, flush, ok, recordEvents, sentMessage, startServer, waitFor, type TestServer, type TestSocket } from '../support/server.js';

let server: TestServer;
let sam: TestSocket; // specialist, creates and facilitates
let alice: TestSocket; // mentee
let bob: TestSocket; // mentee
beforeEach(async () => {
  server = await startServer({ MESSAGE_RATE_PER_SEC: '0' });
  sam = await server.connectAs({ role: 'specialist', sub: 'sam', programId: 'prog-a' });
  alice = await server.connectAs({ role: 'mentee', sub: 'alice', programId: 'prog-a' });
  bob = await server.connectAs({ role: 'mentee', sub: 'bob', programId: 'prog-b' });
});
afterEach(() => server.close());

const create = (socket: TestSocket, over: Record<string, unknown> = {}) =>
  ok(socket, 'group:create', { name: 'Evening circle', visibility: 'open', ...over } as never).then((r) => r.group.id);

describe('group:create and group:list', () => {
  it('lets a specialist create a group and become its facilitator, with defaults', async () => {
    const { group } = await ok(sam, 'group:create', { name: 'Evening circle', description: 'A calm hour', visibility: 'open' });
    expect(group).toMatchObject({
      kind: 'group',
      status: 'active',
      contactPolicy: 'hold',
      group: { name: 'Evening circle', description: 'A calm hour', visibility: 'open', capacity: 50, slowModeSec: 0, locked: false, memberCount: 1 },
    });
    expect(group.participants).toEqual([{ userId: 'sam', role: 'facilitator', name: 'Sam', online: true }]);
  });

  it('refuses mentees', async () => {
    const res = await call(alice, 'group:create', { name: 'Mine', visibility: 'open' });
    expect(res).toEqual({ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN' }) });
  });

  it('lists what the caller may see: open groups, their program’s groups, invitations and joined ones, with member counts', async () => {
    const open = await create(sam, { name: 'Open room' });
    const program = await create(sam, { name: 'Program A room', visibility: 'program' });
    const invite = await create(sam, { name: 'Invite room', visibility: 'invite' });
    const names = async (s: TestSocket) => (await ok(s, 'group:list', {})).groups.map((g) => g.name);
    expect(await names(alice)).toEqual(['Open room', 'Program A room']);
    expect(await names(bob)).toEqual(['Open room']);
    await ok(sam, 'group:invite', { conversationId: invite, userId: 'bob' });
    expect(await names(bob)).toEqual(['Invite room', 'Open room']);
    await ok(alice, 'group:join', { conversationId: open });
    const listed = (await ok(alice, 'group:list', {})).groups.find((g) => g.id === open);
    expect(listed).toMatchObject({ memberCount: 2, joined: true, role: 'member' });
    expect(program).toBeTruthy();
  });
});

describe('group:join and group:leave', () => {
  it('joins an open group, subscribes the socket, and tells members', async () => {
    const id = await create(sam);
    await ok(sam, 'conversation:join', { conversationId: id });
    const joined = waitFor(sam, 'member:joined');
    const res = await ok(alice, 'group:join', { conversationId: id });
    expect(res.conversation.group?.memberCount).toBe(2);
    expect(await joined).toEqual({ conversationId: id, userId: 'alice', name: 'Alice', role: 'member' });
    const live = waitFor(alice, 'message:created');
    await ok(sam, 'message:send', { conversationId: id, clientMessageId: 'welcome', body: 'Welcome, Alice' });
    expect((await live).body).toBe('Welcome, Alice');
  });

  it('refuses the wrong program and uninvited users with FORBIDDEN', async () => {
    const program = await create(sam, { visibility: 'program' });
    const invite = await create(sam, { visibility: 'invite' });
    for (const id of [program, invite]) {
      expect(await call(bob, 'group:join', { conversationId: id })).toEqual({ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN' }) });
    }
    expect(await call(alice, 'group:join', { conversationId: invite })).toEqual({ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN' }) });
    await ok(alice, 'group:join', { conversationId: program });
  });

  it('answers GROUP_FULL when the group is at capacity', async () => {
    const id = await create(sam, { capacity: 2 });
    await ok(alice, 'group:join', { conversationId: id });
    expect(await call(bob, 'group:join', { conversationId: id })).toEqual({ ok: false, error: expect.objectContaining({ code: 'GROUP_FULL' }) });
  });

  it('leaving stops the live events and tells the others', async () => {
    const id = await create(sam);
    await ok(sam, 'conversation:join', { conversationId: id });
    await ok(alice, 'group:join', { conversationId: id });
    const left = waitFor(sam, 'member:left');
    await ok(alice, 'group:leave', { conversationId: id });
    expect(await left).toEqual({ conversationId: id, userId: 'alice', reason: 'left' });
    const seen = recordEvents(alice);
    await ok(sam, 'message:send', { conversationId: id, clientMessageId: 'after', body: 'after you left' });
    await flush(alice);
    expect(seen.filter((e) => e.event === 'message:created')).toEqual([]);
    expect(await call(alice, 'conversation:history', { conversationId: id })).toEqual({ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN' }) });
  });
});

describe('group:setRole and group:update', () => {
  it('facilitators promote members, settings change live, and members cannot do either', async () => {
    const id = await create(sam);
    const carol = await server.connectAs({ role: 'specialist', sub: 'carol' });
    await ok(carol, 'group:join', { conversationId: id });
    await ok(alice, 'group:join', { conversationId: id });
    expect(await call(alice, 'group:setRole', { conversationId: id, userId: 'carol', role: 'facilitator' })).toEqual({ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN' }) });
    await ok(sam, 'group:setRole', { conversationId: id, userId: 'carol', role: 'facilitator' });
    expect(await call(sam, 'group:setRole', { conversationId: id, userId: 'alice', role: 'facilitator' })).toEqual({ ok: false, error: expect.objectContaining({ code: 'VALIDATION_FAILED' }) });

    const updated = waitFor(alice, 'group:updated');
    await ok(carol, 'group:update', { conversationId: id, name: 'Renamed', slowModeSec: 30 });
    expect((await updated).group.group).toMatchObject({ name: 'Renamed', slowModeSec: 30 });
    expect(await call(alice, 'group:update', { conversationId: id, locked: true })).toEqual({ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN' }) });
  });

  it('keeps at least one facilitator', async () => {
    const id = await create(sam);
    expect(await call(sam, 'group:setRole', { conversationId: id, userId: 'sam', role: 'member' })).toEqual({ ok: false, error: expect.objectContaining({ code: 'CONFLICT' }) });
  });

  it('the last facilitator cannot leave a group with members (CONFLICT); staff can, and so can the only member', async () => {
    const id = await create(sam);
    await ok(alice, 'group:join', { conversationId: id });
    expect(await call(sam, 'group:leave', { conversationId: id })).toEqual({ ok: false, error: expect.objectContaining({ code: 'CONFLICT' }) });
    const carol = await server.connectAs({ role: 'clinician', sub: 'carol' });
    await ok(carol, 'group:join', { conversationId: id });
    await ok(sam, 'group:setRole', { conversationId: id, userId: 'carol', role: 'facilitator' });
    await ok(sam, 'group:leave', { conversationId: id });
    await ok(carol, 'group:leave', { conversationId: id });
    const alone = await create(sam);
    await ok(sam, 'group:leave', { conversationId: alone });
  });

  it('demoting a fellow facilitator is for staff only: a facilitator cannot demote and then sanction a colleague', async () => {
    const id = await create(sam);
    const kim = await server.connectAs({ role: 'specialist', sub: 'kim' });
    await ok(kim, 'group:join', { conversationId: id });
    await ok(sam, 'group:setRole', { conversationId: id, userId: 'kim', role: 'facilitator' });
    expect(await call(sam, 'group:setRole', { conversationId: id, userId: 'kim', role: 'member' })).toEqual({ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN' }) });
    expect(await call(sam, 'moderation:mute', { conversationId: id, userId: 'kim', durationSec: 60, reason: 'x' })).toEqual({ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN' }) });
    // Stepping down oneself is fine while another facilitator remains.
    await ok(kim, 'group:setRole', { conversationId: id, userId: 'kim', role: 'member' });
    const carol = await server.connectAs({ role: 'clinician', sub: 'carol' });
    await ok(sam, 'group:setRole', { conversationId: id, userId: 'kim', role: 'facilitator' });
    await ok(carol, 'group:setRole', { conversationId: id, userId: 'kim', role: 'member' });
  });

  it('a locked room takes messages from facilitators only', async () => {
    const id = await create(sam);
    await ok(alice, 'group:join', { conversationId: id });
    await ok(sam, 'group:update', { conversationId: id, locked: true });
    expect(await call(alice, 'message:send', { conversationId: id, clientMessageId: 'l1', body: 'hi' })).toEqual({ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN' }) });
    sentMessage(await ok(sam, 'message:send', { conversationId: id, clientMessageId: 'l2', body: 'Only me for now' }));
  });

  it('slow mode: a member’s second message inside the window answers SLOW_MODE; facilitators are exempt', async () => {
    const id = await create(sam, { slowModeSec: 60 });
    await ok(alice, 'group:join', { conversationId: id });
    sentMessage(await ok(alice, 'message:send', { conversationId: id, clientMessageId: 's1', body: 'first' }));
    const second = await call(alice, 'message:send', { conversationId: id, clientMessageId: 's2', body: 'second' });
    expect(second.ok).toBe(false);
    if (second.ok) return;
    expect(second.error.code).toBe('SLOW_MODE');
    expect(second.error.retryAfterMs).toBeGreaterThan(50_000);
    for (let i = 0; i < 3; i++) sentMessage(await ok(sam, 'message:send', { conversationId: id, clientMessageId: `f${i}`, body: `facilitator ${i}` }));
  });
});
