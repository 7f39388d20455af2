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
  });
}
