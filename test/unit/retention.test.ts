import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../server/audit/audit-log.js';
import { Retention } from '../../server/privacy/retention.js';
import { createMemoryStore } from '../../server/store/memory/memory-store.js';
import { fakeClock, silentLogger } from '../support/fakes.js';

const DAY = 24 * 3600 * 1000;

async function setup(policy: ConstructorParameters<typeof Retention>[0]['policy']) {
  const store = createMemoryStore();
  const clock = fakeClock(Date.parse('2026-06-01T03:00:00.000Z'));
  const audit = new AuditLog({ repository: store.audit, clock });
  const node = (nodeId: string) => new Retention({ store, audit, clock, log: silentLogger, nodeId, policy });
  for (const [id, kind] of [['g', 'group'], ['m', 'mentorship']] as const) {
    await store.conversations.create({ id, kind, status: 'active', createdAt: '2026-01-01T00:00:00.000Z' } as never, []);
  }
  // A message a day from 1 April to 31 May in each conversation.
  for (let d = 0; d < 61; d++) {
    const createdAt = new Date(Date.parse('2026-04-01T12:00:00.000Z') + d * DAY).toISOString();
    for (const conversationId of ['g', 'm']) {
      await store.messages.append({ conversationId, senderId: 'a', senderRole: 'mentee', senderName: 'A', body: `day ${d}`, clientMessageId: `${conversationId}-${d}`, createdAt }, `${conversationId}-${d}`);
    }
  }
  return { store, clock, node };
}

describe('Retention (fake clock)', () => {
  it('purges each kind past its days once a day, on one node, keeps the rest, and audits without content', async () => {
    const { store, clock, node } = await setup({ group: 30 });
    const [a, b] = [node('node-a'), node('node-b')];
    await Promise.all([a.tick(), b.tick()]);
    // Group messages older than 30 days (before 2 May 03:00) are gone: 31 of April's + 1 May's.
    const group = await store.messages.before('g', undefined, 100);
    expect(group.messages[0]!.seq).toBe(32);
    expect(group.messages).toHaveLength(61 - 31);
    expect(group.hasMore).toBe(false);
    // Mentorships have no period: all kept.
    expect((await store.messages.before('m', undefined, 100)).messages).toHaveLength(61);
    const audits = await store.audit.list({ action: 'retention.purged', limit: 10 });
    expect(audits).toHaveLength(1); // one node ran it
    expect(audits[0]!.details).toEqual({ kind: 'group', messages: 31, olderThanDays: 30 });

    // Later the same day: nothing runs. A day later: the next day's message goes.
    clock.advance(6 * 3600 * 1000);
    await a.tick();
    expect((await store.messages.before('g', undefined, 100)).messages).toHaveLength(30);
    clock.advance(DAY);
    await b.tick();
    expect((await store.messages.before('g', undefined, 100)).messages[0]!.seq).toBe(33);
  });

  it('keeps everything when no period is set', async () => {
    const { store, node } = await setup({});
    const r = node('node-a');
    expect(r.enabled).toBe(false);
    await r.tick();
    expect((await store.messages.before('g', undefined, 100)).messages).toHaveLength(61);
  });
});
