import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../server/store/store.js';

let counter = 0;
const uid = (prefix: string) => `${prefix}-${process.pid}-${Date.now().toString(36)}-${++counter}`;

/** The access log and one person's records (export, erasure): the same over every store. */
export function describePrivacyContract(name: string, open: () => Promise<Store>, dispose: (store: Store) => Promise<void> = (s) => s.close()) {
  describe(`Privacy contract: ${name}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await open();
    });
    afterAll(() => dispose(store));

    it('keeps the access log append-only, newest first, filtered by subject, actor and time, paged by id', async () => {
      const subject = uid('alice');
      const entries = ['0001', '0002', '0003'].map((n, i) => ({
        id: `${Date.now().toString(36)}${n}`,
        at: `2026-11-0${i + 1}T10:00:00.000Z`,
        actorId: i === 2 ? 'ada' : 'carol',
        actorRole: i === 2 ? ('admin' as const) : ('clinician' as const),
        subjectId: subject,
        data: 'history' as const,
        conversationId: 'conv-1',
        reason: `escalation e-${i}`,
        escalationId: `e-${i}`,
      }));
      for (const e of entries) await store.accessLog.append(e);
      await store.accessLog.append({ ...entries[0]!, id: `${entries[0]!.id}x`, subjectId: uid('other') });
      expect((await store.accessLog.list({ subjectId: subject, limit: 10 })).map((e) => e.reason)).toEqual(['escalation e-2', 'escalation e-1', 'escalation e-0']);
      expect(await store.accessLog.list({ subjectId: subject, limit: 1, before: entries[2]!.id })).toEqual([entries[1]]);
      expect((await store.accessLog.list({ subjectId: subject, actorId: 'ada', limit: 10 })).map((e) => e.actorId)).toEqual(['ada']);
      expect((await store.accessLog.list({ subjectId: subject, from: '2026-11-02T00:00:00.000Z', to: '2026-11-02T23:59:59.000Z', limit: 10 })).map((e) => e.id)).toEqual([entries[1]!.id]);
    });

    it('finds one person’s messages, requests and standings, and erases them: tombstones keep their seq', async () => {
      const person = uid('alice');
      const other = uid('sam');
      const conversationId = uid('conv');
      const at = new Date().toISOString();
      await store.users.upsert({ id: person, role: 'mentee', name: 'Alice', lastSeenAt: at });
      const write = (senderId: string, body: string) =>
        store.messages.append({ conversationId, senderId, senderRole: 'mentee', senderName: senderId === person ? 'Alice' : 'Sam', body, clientMessageId: uid('c'), createdAt: new Date().toISOString() }, uid('m'));
      await write(person, 'first of mine');
      await write(other, 'a reply');
      await write(person, 'second of mine');
      await store.held.createIfAbsent({ id: uid('h'), conversationId, senderId: person, senderRole: 'mentee', senderName: 'Alice', body: 'call me 0612345678', clientMessageId: uid('c'), createdAt: at, findings: ['phone'], status: 'held' });
      await store.requests.createIfNoneOpen({ id: uid('req'), menteeId: person, menteeName: 'Alice', topic: 'family', note: 'about my sister', status: 'waiting', risk: 'none', createdAt: at, createdAtMs: Date.now(), declinedBy: [] });
      await store.standings.patch(conversationId, person, { mutedUntil: '2030-01-01T00:00:00.000Z', muteReason: 'flooding' });
      await store.contacts.put(person, { email: 'alice@example.org' });

      expect((await store.personalData.messagesBy(person)).map((m) => m.body)).toEqual(['first of mine', 'second of mine']);
      expect((await store.personalData.requestsOf(person)).map((r) => r.note)).toEqual(['about my sister']);
      expect(await store.personalData.standingsOf(person)).toEqual([expect.objectContaining({ conversationId, userId: person, muteReason: 'flooding' })]);

      expect(await store.personalData.erase(person, 'Former member', at)).toEqual({ messages: 2, held: 1, requests: 1 });
      const page = await store.messages.before(conversationId, undefined, 10);
      expect(page.messages.map((m) => [m.seq, m.body, m.senderName, m.erased ?? false])).toEqual([
        [1, '', 'Former member', true],
        [2, 'a reply', 'Sam', false],
        [3, '', 'Former member', true],
      ]);
      expect(await store.personalData.requestsOf(person)).toEqual([]);
      expect(await store.contacts.get(person)).toBeUndefined();
      expect(await store.users.get(person)).toMatchObject({ name: 'Former member', erasedAt: at });
    });

    it('retention: one claimant per period; old messages go, the newest stays, seqs are not reused; old resolved escalations go', async () => {
      const now = Date.parse('2030-06-01T00:00:00.000Z');
      const day = 24 * 3600 * 1000;
      // A fresh store may hold an earlier test's claim: use a time far ahead.
      expect(await store.retention.claimRun(now, 'node-a', day, 60_000)).toBe(true);
      expect(await store.retention.claimRun(now + 1000, 'node-b', day, 60_000)).toBe(false);
      expect(await store.retention.claimRun(now + day + 1, 'node-b', day, 60_000)).toBe(true);

      const conversationId = uid('group');
      await store.conversations.create({ id: conversationId, kind: 'group', status: 'active', createdAt: '2026-01-01T00:00:00.000Z', group: { name: 'g', visibility: 'open', capacity: 10, slowModeSec: 0, locked: false } } as never, []);
      const at = (d: string) => `2026-0${d}T00:00:00.000Z`;
      for (const [i, d] of ['1-01', '1-02', '3-01', '3-02'].entries()) {
        await store.messages.append({ conversationId, senderId: 'a', senderRole: 'mentee', senderName: 'A', body: `m${i + 1}`, clientMessageId: uid('c'), createdAt: at(d) }, uid('m'));
      }
      // Everything older than February: the two January messages.
      expect(await store.retention.purgeMessages('group', at('2-01'), 1000)).toBe(2);
      const page = await store.messages.before(conversationId, undefined, 10);
      expect(page.messages.map((m) => [m.seq, m.body])).toEqual([[3, 'm3'], [4, 'm4']]);
      expect(page.hasMore).toBe(false);
      expect((await store.messages.after(conversationId, 0, 10)).messages.map((m) => m.seq)).toEqual([3, 4]);
      // Everything older than next year: all but the newest, which carries the seq.
      expect(await store.retention.purgeMessages('group', '2027-01-01T00:00:00.000Z', 1000)).toBe(1);
      expect((await store.messages.before(conversationId, undefined, 10)).messages.map((m) => m.seq)).toEqual([4]);
      const next = await store.messages.append({ conversationId, senderId: 'a', senderRole: 'mentee', senderName: 'A', body: 'm5', clientMessageId: uid('c'), createdAt: '2027-02-01T00:00:00.000Z' }, uid('m'));
      expect(next.message.seq).toBe(5);
      // Other kinds are untouched by a group purge.
      expect(await store.retention.purgeMessages('mentorship', '2099-01-01T00:00:00.000Z', 1000)).toBeGreaterThanOrEqual(0);

      const escalation = { id: uid('esc'), conversationId, severity: 'high' as const, source: 'manual' as const, raisedBy: 'sam', reason: 'r', status: 'resolved' as const, tier: 1, round: 0, createdAt: at('1-01'), resolvedAt: at('1-02'), outcome: 'ok', excerpt: [], categories: [], alertedIds: [] };
      await store.escalations.create(escalation);
      expect(await store.retention.purgeEscalations(at('1-01'), 1000)).toBe(0);
      expect(await store.retention.purgeEscalations(at('2-01'), 1000)).toBe(1);
      expect(await store.escalations.get(escalation.id)).toBeUndefined();
    });
  });
}
