import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Message, Mentorship } from '../../shared/models.js';
import type { NewMessage } from '../../server/conversations/message.repository.js';
import type { Store } from '../../server/store/store.js';

let counter = 0;
const uid = (prefix: string) => `${prefix}-${process.pid}-${Date.now().toString(36)}-${++counter}`;

/**
 * One suite for every Store implementation: the in-memory twin must behave exactly like the
 * database it stands in for. `open` gives a store over an empty database.
 */
export function describeStoreContract(name: string, open: () => Promise<Store>, dispose: (store: Store) => Promise<void> = (s) => s.close()) {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await open();
    });
    afterAll(() => dispose(store));

    const newMessage = (conversationId: string, over: Partial<NewMessage> = {}): NewMessage => ({
      conversationId,
      senderId: 'alice',
      senderRole: 'mentee',
      senderName: 'Alice',
      body: 'hello',
      clientMessageId: uid('c'),
      createdAt: new Date().toISOString(),
      ...over,
    });

    describe('users', () => {
      it('keeps the latest claims of each user', async () => {
        const id = uid('u');
        await store.users.upsert({ id, role: 'mentee', name: 'First', lastSeenAt: '2026-01-01T00:00:00.000Z' });
        await store.users.upsert({ id, role: 'mentee', name: 'Second', programId: 'p1', lastSeenAt: '2026-01-02T00:00:00.000Z' });
        expect(await store.users.get(id)).toEqual({ id, role: 'mentee', name: 'Second', programId: 'p1', lastSeenAt: '2026-01-02T00:00:00.000Z' });
        const many = await store.users.getMany([id, 'nobody-' + id]);
        expect([...many.keys()]).toEqual([id]);
        expect(await store.users.get('nobody-' + id)).toBeUndefined();
      });
    });

    describe('conversations', () => {
      let conversationId: string;
      let mentee: string;
      let specialist: string;
      beforeEach(async () => {
        conversationId = uid('conv');
        mentee = uid('mentee');
        specialist = uid('spec');
        await store.conversations.create(
          { id: conversationId, kind: 'mentorship', status: 'active', mentorshipId: 'm1', createdAt: new Date().toISOString() },
          [
            { conversationId, userId: mentee, role: 'mentee', lastReadSeq: 0, joinedAt: '2026-01-01T00:00:00.000Z' },
            { conversationId, userId: specialist, role: 'specialist', lastReadSeq: 0, joinedAt: '2026-01-01T00:00:00.000Z' },
          ],
        );
      });

      it('stores a conversation with its members, once', async () => {
        await store.conversations.create({ id: conversationId, kind: 'group', status: 'closed', createdAt: new Date().toISOString() }, []);
        expect(await store.conversations.get(conversationId)).toMatchObject({ id: conversationId, kind: 'mentorship', status: 'active', mentorshipId: 'm1' });
        expect((await store.conversations.listMembers(conversationId)).map((m) => m.userId).sort()).toEqual([mentee, specialist].sort());
        expect(await store.conversations.getMember(conversationId, mentee)).toMatchObject({ role: 'mentee', lastReadSeq: 0 });
        expect(await store.conversations.getMember(conversationId, 'stranger')).toBeUndefined();
        expect(await store.conversations.get(uid('missing'))).toBeUndefined();
      });

      it('lists a user’s conversations newest first, and their contacts', async () => {
        const later = uid('conv');
        const other = uid('spec');
        await store.conversations.create({ id: later, kind: 'mentorship', status: 'active', createdAt: new Date(Date.now() + 1000).toISOString() }, [
          { conversationId: later, userId: mentee, role: 'mentee', lastReadSeq: 0, joinedAt: new Date().toISOString() },
          { conversationId: later, userId: other, role: 'specialist', lastReadSeq: 0, joinedAt: new Date().toISOString() },
        ]);
        expect((await store.conversations.listForUser(mentee)).map((c) => c.id)).toEqual([later, conversationId]);
        expect((await store.conversations.contactsOf(mentee)).sort()).toEqual([other, specialist].sort());
        expect(await store.conversations.contactsOf(uid('nobody'))).toEqual([]);
      });

      it('raises read markers and never lowers them', async () => {
        expect(await store.conversations.markRead(conversationId, mentee, 5)).toBe(5);
        expect(await store.conversations.markRead(conversationId, mentee, 3)).toBe(5);
        expect((await store.conversations.getMember(conversationId, mentee))?.lastReadSeq).toBe(5);
        expect((await store.conversations.getMember(conversationId, specialist))?.lastReadSeq).toBe(0);
      });

      it('changes status', async () => {
        await store.conversations.setStatus(conversationId, 'closed');
        expect((await store.conversations.get(conversationId))?.status).toBe('closed');
      });

      it('hands out copies: changing a returned record changes nothing stored', async () => {
        const got = (await store.conversations.get(conversationId))!;
        got.status = 'closed';
        expect((await store.conversations.get(conversationId))?.status).toBe('active');
      });

      it('keeps the latest quiet risk flag', async () => {
        await store.conversations.flagRisk(conversationId, { messageId: 'm1', level: 'elevated', categories: ['distress'], at: '2026-01-01T00:00:00.000Z' });
        await store.conversations.flagRisk(conversationId, { messageId: 'm2', level: 'high', categories: [], at: '2026-01-02T00:00:00.000Z' });
        expect((await store.conversations.get(conversationId))?.riskFlag).toEqual({ messageId: 'm2', level: 'high', categories: [], at: '2026-01-02T00:00:00.000Z' });
      });
    });

    describe('messages', () => {
      it('appends with gapless seqs from 1 and dedupes by sender and clientMessageId', async () => {
        const c = uid('conv');
        const a = await store.messages.append(newMessage(c, { clientMessageId: 'dup' }), uid('m'));
        const b = await store.messages.append(newMessage(c), uid('m'));
        const again = await store.messages.append(newMessage(c, { clientMessageId: 'dup', body: 'other' }), uid('m'));
        const otherSender = await store.messages.append(newMessage(c, { clientMessageId: 'dup', senderId: 'sam' }), uid('m'));
        expect([a.message.seq, b.message.seq, otherSender.message.seq]).toEqual([1, 2, 3]);
        expect(again).toEqual({ message: a.message, created: false });
        expect(a.created && b.created && otherSender.created).toBe(true);
        expect(await store.messages.findByClientId('alice', 'dup')).toEqual(a.message);
        expect(await store.messages.findByClientId('nobody', 'dup')).toBeUndefined();
      });

      it('keeps seq gapless and unique under concurrent appends', async () => {
        const c = uid('conv');
        const results = await Promise.all(
          Array.from({ length: 40 }, (_, i) => store.messages.append(newMessage(c, { senderId: `s${i % 4}` }), uid('m'))),
        );
        expect(results.map((r) => r.message.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
        expect((await store.messages.lastSeqs([c])).get(c)).toBe(40);
      });

      it('pages backwards and forwards', async () => {
        const c = uid('conv');
        const stored: Message[] = [];
        for (let i = 0; i < 7; i++) stored.push((await store.messages.append(newMessage(c, { body: `m${i + 1}` }), uid('m'))).message);
        expect(await store.messages.before(c, undefined, 3)).toEqual({ messages: stored.slice(4, 7), hasMore: true });
        expect(await store.messages.before(c, 5, 3)).toEqual({ messages: stored.slice(1, 4), hasMore: true });
        expect(await store.messages.before(c, 2, 3)).toEqual({ messages: stored.slice(0, 1), hasMore: false });
        expect(await store.messages.after(c, 2, 3)).toEqual({ messages: stored.slice(2, 5), hasMore: true });
        expect(await store.messages.after(c, 5, 3)).toEqual({ messages: stored.slice(5, 7), hasMore: false });
        expect(await store.messages.after(c, 7, 3)).toEqual({ messages: [], hasMore: false });
        expect(await store.messages.after(c, 100, 3)).toEqual({ messages: [], hasMore: false });
      });

      it('reports the last seq of each conversation, 0 when empty', async () => {
        const c = uid('conv');
        const empty = uid('conv');
        await store.messages.append(newMessage(c), uid('m'));
        await store.messages.append(newMessage(c), uid('m'));
        const seqs = await store.messages.lastSeqs([c, empty]);
        expect(seqs.get(c)).toBe(2);
        expect(seqs.get(empty)).toBe(0);
      });
    });

    describe('mentorships', () => {
      const mentorship = (menteeId: string, specialistId: string): Mentorship => ({
        id: uid('ms'),
        menteeId,
        specialistId,
        conversationId: uid('conv'),
        status: 'active',
        createdAt: new Date().toISOString(),
      });

      it('keeps one active mentorship per pair, and allows a new one after the end', async () => {
        const mentee = uid('mentee');
        const first = await store.mentorships.createIfNoneActive(mentorship(mentee, 'sam'));
        expect(first.created).toBe(true);
        const second = await store.mentorships.createIfNoneActive(mentorship(mentee, 'sam'));
        expect(second).toEqual({ mentorship: first.mentorship, created: false });
        const otherPair = await store.mentorships.createIfNoneActive(mentorship(mentee, 'sky'));
        expect(otherPair.created).toBe(true);

        const ended = await store.mentorships.end(first.mentorship.id, '2026-02-01T00:00:00.000Z', 'admin');
        expect(ended).toMatchObject({ status: 'ended', endedAt: '2026-02-01T00:00:00.000Z', endedBy: 'admin' });
        const endedAgain = await store.mentorships.end(first.mentorship.id, '2026-03-01T00:00:00.000Z', 'other');
        expect(endedAgain?.endedAt).toBe('2026-02-01T00:00:00.000Z');
        const renewed = await store.mentorships.createIfNoneActive(mentorship(mentee, 'sam'));
        expect(renewed.created).toBe(true);
        expect(await store.mentorships.get(renewed.mentorship.id)).toEqual(renewed.mentorship);
      });

      it('creates exactly one when the same pair is assigned concurrently', async () => {
        const mentee = uid('mentee');
        const results = await Promise.all(Array.from({ length: 8 }, () => store.mentorships.createIfNoneActive(mentorship(mentee, 'sam'))));
        expect(results.filter((r) => r.created)).toHaveLength(1);
        expect(new Set(results.map((r) => r.mentorship.id)).size).toBe(1);
      });

      it('lists active mentorships newest first (then by id), filtered and in pages', async () => {
        const spec = uid('spec');
        const at = (minute: number) => `2026-03-01T10:${String(minute).padStart(2, '0')}:00.000Z`;
        const make = async (menteeId: string, createdAt: string, id = uid('ms')) =>
          (await store.mentorships.createIfNoneActive({ ...mentorship(menteeId, spec), id, createdAt })).mentorship;
        const a = await make(uid('mentee'), at(1));
        const b = await make(uid('mentee'), at(3), `${uid('ms')}-a`);
        const c = await make(uid('mentee'), at(3), `${b.id.slice(0, -2)}-b`);
        const ended = await make(uid('mentee'), at(4));
        await store.mentorships.end(ended.id, at(5), 'admin');
        const d = await make(uid('mentee'), at(2));
        await make(uid('mentee'), at(9)).then((other) => store.mentorships.end(other.id, at(9), 'admin'));

        const all = await store.mentorships.listActive({ specialistId: spec, limit: 10 });
        expect(all.map((m) => m.id)).toEqual([c.id, b.id, d.id, a.id]);
        expect(all[0]).toEqual(c);

        const first = await store.mentorships.listActive({ specialistId: spec, limit: 2 });
        expect(first.map((m) => m.id)).toEqual([c.id, b.id]);
        const last = first.at(-1)!;
        const second = await store.mentorships.listActive({ specialistId: spec, limit: 2, before: { createdAt: last.createdAt, id: last.id } });
        expect(second.map((m) => m.id)).toEqual([d.id, a.id]);
        // Same creation time as the cursor: only those with a smaller id.
        expect((await store.mentorships.listActive({ specialistId: spec, limit: 5, before: { createdAt: c.createdAt, id: c.id } })).map((m) => m.id)).toEqual([b.id, d.id, a.id]);

        expect((await store.mentorships.listActive({ menteeId: d.menteeId, limit: 10 })).map((m) => m.id)).toEqual([d.id]);
        expect(await store.mentorships.listActive({ menteeId: d.menteeId, specialistId: uid('other'), limit: 10 })).toEqual([]);
        expect(await store.mentorships.listActive({ menteeId: ended.menteeId, limit: 10 })).toEqual([]);
      });

      it('answers undefined for unknown ids', async () => {
        expect(await store.mentorships.get(uid('none'))).toBeUndefined();
        expect(await store.mentorships.end(uid('none'), new Date().toISOString(), 'x')).toBeUndefined();
      });
    });

    it('is ready', async () => {
      expect(await store.isReady()).toBe(true);
    });
  });
}

/** The repositories behind groups and moderation, over every Store implementation. */
export function describeModerationContract(name: string, open: () => Promise<Store>, dispose: (store: Store) => Promise<void> = (s) => s.close()) {
  describe(`Moderation store contract: ${name}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await open();
    });
    afterAll(() => dispose(store));

    const group = (id: string, capacity = 3) => ({
      id,
      kind: 'group' as const,
      status: 'active' as const,
      createdAt: new Date().toISOString(),
      contactPolicy: 'hold' as const,
      group: { name: 'Circle', visibility: 'open' as const, capacity, slowModeSec: 0, locked: false },
    });
    const member = (conversationId: string, userId: string, role: 'facilitator' | 'member' = 'member') => ({
      conversationId,
      userId,
      role,
      lastReadSeq: 0,
      joinedAt: new Date().toISOString(),
    });

    it('keeps group settings, merges updates field by field, and lists groups', async () => {
      const id = uid('g');
      await store.conversations.create(group(id), [member(id, 'f1', 'facilitator')]);
      const updated = await store.conversations.update(id, { group: { slowModeSec: 30, locked: true }, contactPolicy: 'block' });
      expect(updated).toMatchObject({ contactPolicy: 'block', group: { name: 'Circle', capacity: 3, slowModeSec: 30, locked: true } });
      expect((await store.conversations.listGroups()).map((g) => g.id)).toContain(id);
    });

    it('adds members up to the capacity, atomically, and counts them', async () => {
      const id = uid('g');
      await store.conversations.create(group(id, 3), [member(id, 'f1', 'facilitator')]);
      const results = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((u) => store.conversations.addMember(member(id, u), 3)));
      expect(results.filter((r) => r === 'added')).toHaveLength(2);
      expect(results.filter((r) => r === 'full')).toHaveLength(3);
      expect((await store.conversations.countMembers([id])).get(id)).toBe(3);
      const joined = results.map((r, i) => (r === 'added' ? ['a', 'b', 'c', 'd', 'e'][i]! : '')).filter(Boolean);
      expect(await store.conversations.addMember(member(id, joined[0]!), 3)).toBe('exists');
      expect(await store.conversations.removeMember(id, joined[0]!)).toBe(true);
      expect(await store.conversations.removeMember(id, joined[0]!)).toBe(false);
      expect(await store.conversations.addMember(member(id, 'z'), 3)).toBe('added');
      expect(await store.conversations.setMemberRole(id, 'z', 'facilitator')).toBe(true);
      expect((await store.conversations.getMember(id, 'z'))?.role).toBe('facilitator');
      expect(await store.conversations.setMemberRole(id, 'nobody', 'member')).toBe(false);
    });

    it('redacts a message once and keeps its body', async () => {
      const c = uid('conv');
      const { message } = await store.messages.append(
        { conversationId: c, senderId: 'a', senderRole: 'mentee', senderName: 'A', body: 'kept', clientMessageId: uid('c'), createdAt: new Date().toISOString() },
        uid('m'),
      );
      expect(await store.messages.get(message.id)).toEqual(message);
      const redaction = { at: '2026-01-01T00:00:00.000Z', by: 'mod', reason: 'r1' };
      expect(await store.messages.redact(message.id, redaction)).toMatchObject({ body: 'kept', redaction });
      expect((await store.messages.redact(message.id, { ...redaction, reason: 'r2' }))?.redaction?.reason).toBe('r1');
      expect((await store.messages.after(c, 0, 10)).messages[0]?.redaction).toEqual(redaction);
      expect(await store.messages.get(uid('none'))).toBeUndefined();
    });

    it('keeps standings: sets and unsets fields', async () => {
      const c = uid('conv');
      expect(await store.standings.get(c, 'u')).toBeUndefined();
      await store.standings.patch(c, 'u', { mutedUntil: '2030-01-01T00:00:00.000Z', muteReason: 'x', invited: true });
      await store.standings.patch(c, 'u', { banned: true }, ['mutedUntil', 'muteReason']);
      expect(await store.standings.get(c, 'u')).toEqual({ conversationId: c, userId: 'u', invited: true, banned: true });
    });

    it('keeps one report per reporter and message, lists by status, resolves once', async () => {
      const c = uid('conv');
      const report = (reporterId: string) => ({
        id: uid('r'),
        reporterId,
        conversationId: c,
        messageId: 'm1',
        messageSeq: 1,
        reportedUserId: 'x',
        reason: 'why',
        status: 'open' as const,
        createdAt: new Date().toISOString(),
      });
      const first = await store.reports.createIfAbsent(report('a'));
      const again = await store.reports.createIfAbsent(report('a'));
      expect(again).toEqual({ report: first.report, created: false });
      await store.reports.createIfAbsent(report('b'));
      expect(await store.reports.list(c)).toHaveLength(2);
      const resolution = { resolvedAt: '2026-01-01T00:00:00.000Z', resolvedBy: 'mod', action: 'warn' as const };
      expect(await store.reports.resolve(first.report.id, resolution)).toMatchObject({ status: 'resolved', ...resolution });
      expect((await store.reports.resolve(first.report.id, { ...resolution, resolvedBy: 'other' }))?.resolvedBy).toBe('mod');
      expect((await store.reports.list(c, 'open')).map((r) => r.reporterId)).toEqual(['b']);
    });

    it('keeps one held message per sender and clientMessageId, decided once', async () => {
      const held = {
        id: uid('h'),
        conversationId: uid('conv'),
        senderId: 'a',
        senderRole: 'mentee' as const,
        senderName: 'A',
        body: 'call 0612345678',
        clientMessageId: uid('c'),
        createdAt: new Date().toISOString(),
        findings: ['phone'],
        status: 'held' as const,
      };
      expect((await store.held.createIfAbsent(held)).created).toBe(true);
      expect(await store.held.createIfAbsent({ ...held, id: uid('h') })).toEqual({ held, created: false });
      expect(await store.held.listWaiting(held.conversationId)).toEqual([held]);
      expect(await store.held.findByClientId('a', held.clientMessageId)).toEqual(held);
      const decision = { status: 'approved' as const, reviewedBy: 'mod', reviewedAt: '2026-01-01T00:00:00.000Z' };
      expect(await store.held.decide(held.id, decision)).toMatchObject(decision);
      expect((await store.held.decide(held.id, { ...decision, status: 'rejected' }))?.status).toBe('approved');
      expect(await store.held.listWaiting(held.conversationId)).toEqual([]);
      await store.held.linkMessage(held.id, 'msg-1');
      expect((await store.held.get(held.id))?.messageId).toBe('msg-1');
    });

    it('pages the audit log by id and filters it by action, actor and time', async () => {
      const c = uid('conv');
      const base = Date.parse('2026-05-01T10:00:00.000Z');
      for (let i = 0; i < 6; i++) {
        await store.audit.append({
          id: `${(base + i).toString(36).padStart(9, '0')}${uid('p')}`,
          at: new Date(base + i * 60_000).toISOString(),
          actorId: i % 2 === 0 ? 'ann' : 'bob',
          action: i < 3 ? 'x.one' : 'x.two',
          conversationId: c,
        });
      }
      const newest = await store.audit.list({ conversationId: c, limit: 2 });
      expect(newest.map((e) => e.at)).toEqual([new Date(base + 4 * 60_000).toISOString(), new Date(base + 5 * 60_000).toISOString()]);
      const older = await store.audit.list({ conversationId: c, limit: 2, before: newest[0]!.id });
      expect(older.map((e) => e.at)).toEqual([new Date(base + 2 * 60_000).toISOString(), new Date(base + 3 * 60_000).toISOString()]);
      expect((await store.audit.list({ conversationId: c, limit: 10, action: 'x.one' })).length).toBe(3);
      expect((await store.audit.list({ conversationId: c, limit: 10, actorId: 'bob' })).map((e) => e.actorId)).toEqual(['bob', 'bob', 'bob']);
      const window = await store.audit.list({ conversationId: c, limit: 10, from: new Date(base + 60_000).toISOString(), to: new Date(base + 2 * 60_000).toISOString() });
      expect(window).toHaveLength(2);
    });

    it('appends audit entries and lists them oldest first, by conversation', async () => {
      const c = uid('conv');
      for (const [i, action] of ['a.one', 'a.two', 'a.three'].entries()) {
        await store.audit.append({ id: `${Date.now().toString(36)}${i}${uid('x')}`, at: new Date().toISOString(), actorId: 'mod', action, conversationId: c, details: { i } });
      }
      await store.audit.append({ id: `${Date.now().toString(36)}9${uid('x')}`, at: new Date().toISOString(), actorId: 'mod', action: 'elsewhere', conversationId: uid('conv') });
      const entries = await store.audit.list({ conversationId: c, limit: 10 });
      expect(entries.map((e) => e.action)).toEqual(['a.one', 'a.two', 'a.three']);
      expect(entries[1]?.details).toEqual({ i: 1 });
      expect((await store.audit.list({ conversationId: c, limit: 2 })).map((e) => e.action)).toEqual(['a.two', 'a.three']);
    });
  });
}

/** The repositories behind escalations, over every Store implementation. */
export function describeEscalationContract(name: string, open: () => Promise<Store>, dispose: (store: Store) => Promise<void> = (s) => s.close()) {
  describe(`Escalation store contract: ${name}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await open();
    });
    afterAll(() => dispose(store));

    const record = (over: Record<string, unknown> = {}) => ({
      id: uid('esc'),
      conversationId: uid('conv'),
      severity: 'high' as const,
      source: 'auto' as const,
      raisedBy: 'alice',
      reason: 'risk',
      status: 'open' as const,
      tier: 0,
      round: 0,
      createdAt: new Date().toISOString(),
      excerpt: [{ seq: 1, senderId: 'alice', senderName: 'Alice', senderRole: 'mentee' as const, body: 'text', createdAt: new Date().toISOString() }],
      categories: ['suicide'],
      alertedIds: [],
      nextStepAt: Date.now() - 1000,
      ...over,
    });

    it('stores, finds the active one per conversation, attaches (raising, never lowering)', async () => {
      const e = record();
      await store.escalations.create(e);
      expect(await store.escalations.get(e.id)).toEqual(e);
      expect((await store.escalations.findActive(e.conversationId))?.id).toBe(e.id);
      expect((await store.escalations.attach(e.id, 'imminent', ['overdose']))).toMatchObject({ severity: 'imminent', categories: ['overdose', 'suicide'] });
      expect((await store.escalations.attach(e.id, 'elevated', []))?.severity).toBe('imminent');
    });

    it('lets exactly one of many concurrent claims take a due step, and holds it under the lease', async () => {
      const e = record({ nextStepAt: 1 });
      await store.escalations.create(e);
      const now = Date.now();
      const claims = await Promise.all(Array.from({ length: 6 }, (_, i) => store.escalations.claimDue(now, `node-${i}`, 60_000)));
      const mine = claims.filter((c) => c?.id === e.id);
      expect(mine).toHaveLength(1);
      const owner = mine[0]!.leaseOwner!;
      // While leased nobody else gets it; a completion by another node changes nothing.
      expect(await store.escalations.completeStep(e.id, 'someone-else', 'open', { tier: 9 })).toBe(false);
      expect(await store.escalations.completeStep(e.id, owner, 'open', { tier: 1, nextStepAt: now + 60_000, alertedIds: ['c1'] })).toBe(true);
      expect(await store.escalations.get(e.id)).toMatchObject({ tier: 1, alertedIds: ['c1'] });
      expect((await store.escalations.get(e.id))?.leaseOwner).toBeUndefined();
    });

    it('lets another node take over once a lease has lapsed', async () => {
      const e = record({ nextStepAt: 1 });
      await store.escalations.create(e);
      const now = Date.now();
      let first: { id: string } | undefined;
      do first = await store.escalations.claimDue(now, 'dies', 10);
      while (first && first.id !== e.id);
      expect(first?.id).toBe(e.id);
      let taken: { id: string; leaseOwner?: string } | undefined;
      do taken = await store.escalations.claimDue(now + 1000, 'survivor', 60_000);
      while (taken && taken.id !== e.id);
      expect(taken).toMatchObject({ id: e.id, leaseOwner: 'survivor' });
    });

    it('acknowledges once, resolves once and only by the owner', async () => {
      const e = record();
      await store.escalations.create(e);
      const acks = await Promise.all(['c1', 'c2', 'c3'].map((c) => store.escalations.acknowledge(e.id, c, new Date().toISOString(), Date.now() + 1000)));
      expect(acks.filter(Boolean)).toHaveLength(1);
      const owner = acks.find(Boolean)!.ownerId!;
      // A step that was claimed while open cannot complete over the acknowledgement.
      expect(await store.escalations.completeStep(e.id, 'any', 'open', { tier: 5 })).toBe(false);
      expect(await store.escalations.resolve(e.id, 'not-owner', { resolvedAt: new Date().toISOString(), outcome: 'x' })).toBeUndefined();
      const resolved = await store.escalations.resolve(e.id, owner, { resolvedAt: '2026-01-01T00:00:00.000Z', outcome: 'safe', note: 'n', falseAlarm: true });
      expect(resolved).toMatchObject({ status: 'resolved', outcome: 'safe', note: 'n', falseAlarm: true });
      expect(resolved?.nextStepAt).toBeUndefined();
      expect(await store.escalations.findActive(e.conversationId)).toBeUndefined();
      expect((await store.escalations.list('resolved')).map((x) => x.id)).toContain(e.id);
    });

    it('finds the active escalation about a mentee wherever it was opened, and none once resolved', async () => {
      const subjectId = uid('mentee');
      const e = { ...record(), subjectId };
      await store.escalations.create(e);
      expect((await store.escalations.findActiveForSubject(subjectId))?.id).toBe(e.id);
      expect(await store.escalations.findActiveForSubject(uid('nobody'))).toBeUndefined();
      const [owner] = ['c-' + subjectId];
      await store.escalations.acknowledge(e.id, owner!, new Date().toISOString(), Date.now() + 1000);
      expect((await store.escalations.findActiveForSubject(subjectId))?.id).toBe(e.id);
      await store.escalations.resolve(e.id, owner!, { resolvedAt: new Date().toISOString(), outcome: 'safe' });
      expect(await store.escalations.findActiveForSubject(subjectId)).toBeUndefined();
    });

    it('keeps the lexicon and model versions of an escalation opened by detection', async () => {
      const e = { ...record(), rulesVersion: '2026.11.3', modelVersion: 'model-0123456789ab' };
      await store.escalations.create(e);
      expect(await store.escalations.get(e.id)).toMatchObject({ rulesVersion: '2026.11.3', modelVersion: 'model-0123456789ab' });
    });

    it('appends safety examples and lists them oldest first', async () => {
      const example = (id: string, createdAt: string) => ({ id: uid(id), text: 'x', level: 'high' as const, categories: ['suicide'], source: 'flag' as const, rulesVersion: 'r', modelVersion: 'm', createdAt });
      const first = example('ex', '2026-01-01T00:00:00.000Z');
      const second = { ...example('ex', '2026-01-02T00:00:00.000Z'), note: 'missed', level: 'none' as const, source: 'false-alarm' as const };
      await store.safetyExamples.append(first);
      await store.safetyExamples.append(second);
      const listed = (await store.safetyExamples.list()).filter((e) => e.id === first.id || e.id === second.id);
      expect(listed).toEqual([first, second]);
    });

    it('keeps on-call declarations and the policy', async () => {
      const who = uid('clin');
      await store.onCall.set(who, true, 'p1');
      expect(await store.onCall.list()).toContainEqual({ userId: who, programId: 'p1' });
      await store.onCall.set(who, false);
      expect((await store.onCall.list()).map((e) => e.userId)).not.toContain(who);
      const policy = { tiers: [{ name: 'On call', target: 'on-call' as const, ackTimeoutSec: 30 }], repeats: 1, realertSec: 600, webhookUrl: 'https://hooks.example.org/x' };
      await store.policies.put(policy);
      expect(await store.policies.get()).toEqual(policy);
    });
  });
}

/** The repositories behind matching, over every Store implementation. */
export function describeMatchingContract(name: string, open: () => Promise<Store>, dispose: (store: Store) => Promise<void> = (s) => s.close()) {
  describe(`Matching store contract: ${name}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await open();
    });
    afterAll(() => dispose(store));

    const fields = (userId: string) => ({
      userId,
      displayName: 'Sam',
      bio: 'bio',
      specialties: ['alcohol'],
      languages: ['nl'],
      certified: true,
      engagement: 'volunteer' as const,
      maxActiveMentees: 3,
    });
    const request = (menteeId: string) => ({
      id: uid('req'),
      menteeId,
      menteeName: 'Alice',
      topic: 'alcohol',
      status: 'waiting' as const,
      risk: 'none' as const,
      createdAt: new Date().toISOString(),
      createdAtMs: Date.now(),
      declinedBy: [],
    });

    it('keeps a profile, its availability across updates, one reservation at a time, and blocks', async () => {
      const id = uid('spec');
      expect(await store.profiles.upsert(fields(id))).toMatchObject({ userId: id, availability: 'offline', blocked: [] });
      await store.profiles.setAvailability(id, 'available');
      expect((await store.profiles.upsert({ ...fields(id), bio: 'new bio' }))).toMatchObject({ bio: 'new bio', availability: 'available' });
      const reservations = await Promise.all(['r1', 'r2', 'r3'].map((r) => store.profiles.reserve(id, r)));
      expect(reservations.filter(Boolean)).toHaveLength(1);
      const held = (await store.profiles.get(id))!.pendingOffer!;
      await store.profiles.release(id, 'someone-else');
      expect((await store.profiles.get(id))?.pendingOffer).toBe(held);
      await store.profiles.release(id, held);
      expect((await store.profiles.get(id))?.pendingOffer).toBeUndefined();
      await store.profiles.block(id, 'alice');
      await store.profiles.block(id, 'alice');
      expect((await store.profiles.get(id))?.blocked).toEqual(['alice']);
      await store.profiles.setDisconnectedAt(id, 1234);
      expect((await store.profiles.get(id))?.disconnectedAt).toBe(1234);
      await store.profiles.setDisconnectedAt(id, undefined);
      expect((await store.profiles.get(id))?.disconnectedAt).toBeUndefined();
    });

    it('keeps one open request per mentee, also when asked at once', async () => {
      const mentee = uid('mentee');
      const results = await Promise.all(Array.from({ length: 5 }, () => store.requests.createIfNoneOpen(request(mentee))));
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(results.map((r) => r.request.id)).size).toBe(1);
      const open = results[0]!.request;
      expect((await store.requests.cancel(open.id, mentee))?.status).toBe('cancelled');
      expect((await store.requests.createIfNoneOpen(request(mentee))).created).toBe(true);
    });

    it('offers exclusively, accepts only by the one offered and before expiry, withdraws with declines', async () => {
      const r = request(uid('mentee'));
      await store.requests.createIfNoneOpen(r);
      const now = Date.now();
      const offers = await Promise.all(['a', 'b'].map((s) => store.requests.offer(r.id, s, now + 10_000)));
      expect(offers.filter(Boolean)).toHaveLength(1);
      const to = (await store.requests.get(r.id))!.offeredTo!;
      const other = to === 'a' ? 'b' : 'a';
      expect(await store.requests.accept(r.id, other, now)).toBeUndefined();
      expect(await store.requests.accept(r.id, to, now + 20_000)).toBeUndefined();
      expect((await store.requests.expiredOffers(now + 20_000)).map((x) => x.id)).toContain(r.id);
      const back = await store.requests.withdraw(r.id, to, true);
      expect(back).toMatchObject({ status: 'waiting', declinedBy: [to] });
      expect(back?.offeredTo).toBeUndefined();
      expect(await store.requests.offer(r.id, other, now + 10_000)).toBe(true);
      const accepts = await Promise.all([store.requests.accept(r.id, other, now), store.requests.accept(r.id, other, now)]);
      expect(accepts.filter(Boolean)).toHaveLength(1);
      await store.requests.setMentorship(r.id, 'm-1');
      expect(await store.requests.get(r.id)).toMatchObject({ status: 'matched', mentorshipId: 'm-1' });
      expect((await store.requests.listOpen()).map((x) => x.id)).not.toContain(r.id);
    });

    it('counts a specialist’s active mentorships', async () => {
      const spec = uid('spec');
      for (const mentee of ['m1', 'm2']) {
        await store.mentorships.createIfNoneActive({ id: uid('ms'), menteeId: uid(mentee), specialistId: spec, conversationId: uid('c'), status: 'active', createdAt: new Date().toISOString() });
      }
      expect(await store.mentorships.countActive(spec)).toBe(2);
    });
  });
}
