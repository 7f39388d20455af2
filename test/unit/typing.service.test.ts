import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Identity } from '../../server/auth/identity.js';
import { AuditLog } from '../../server/audit/audit-log.js';
import { ConversationService } from '../../server/conversations/conversation.service.js';
import { TypingService } from '../../server/conversations/typing.service.js';
import { unlimited } from '../../server/core/rate-limiter.js';
import { ReviewService } from '../../server/moderation/review.service.js';
import { MemoryPresenceTracker } from '../../server/presence/presence.tracker.js';
import { createMemoryStore } from '../../server/store/memory/memory-store.js';
import { recordingNotifier } from '../support/fakes.js';
import { AccessRecorder } from '../../server/privacy/access-log.js';

const alice: Identity = { userId: 'alice', role: 'mentee', name: 'Alice', expiresAt: Number.MAX_SAFE_INTEGER };


describe('TypingService', () => {
  let typing: TypingService;
  let sent: ReturnType<typeof recordingNotifier>['sent'];

  beforeEach(async () => {
    vi.useFakeTimers();
    const store = createMemoryStore();
    await store.conversations.create({ id: 'c1', kind: 'mentorship', status: 'active', createdAt: new Date().toISOString() }, [
      { conversationId: 'c1', userId: 'alice', role: 'mentee', lastReadSeq: 0, joinedAt: '' },
      { conversationId: 'c1', userId: 'sam', role: 'specialist', lastReadSeq: 0, joinedAt: '' },
    ]);
    const rec = recordingNotifier();
    const clock = { now: () => Date.now() };
    const audit = new AuditLog({ repository: store.audit, clock });
    sent = rec.sent;
    const conversations = new ConversationService({
      store,
      notifier: rec.notifier,
      presence: new MemoryPresenceTracker(),
      messageRateLimiter: unlimited,
      slowMode: { pass: async () => {} },
      clock,
      contacts: new ReviewService({ store, notifier: rec.notifier, audit, clock }),
      risk: { assess: async () => undefined, onMessage: async () => {} },
      access: new AccessRecorder({ store, clock }),
    });
    typing = new TypingService({ conversations, notifier: rec.notifier, timeoutMs: 5000 });
  });
  afterEach(() => {
    typing.dispose();
    vi.useRealTimers();
  });

  const typingEvents = () => sent.filter((s) => s.event === 'typing:changed').map((s) => (s.payload as { typing: boolean }).typing);

  it('broadcasts start once, to the others, and stop after the timeout', async () => {
    await typing.set(alice, 'c1', true);
    expect(sent).toEqual([{ to: 'c1', event: 'typing:changed', payload: { conversationId: 'c1', userId: 'alice', typing: true }, except: 'alice' }]);
    await vi.advanceTimersByTimeAsync(4999);
    expect(typingEvents()).toEqual([true]);
    await vi.advanceTimersByTimeAsync(1);
    expect(typingEvents()).toEqual([true, false]);
  });

  it('a refresh extends the indicator without a second broadcast', async () => {
    await typing.set(alice, 'c1', true);
    await vi.advanceTimersByTimeAsync(4000);
    await typing.set(alice, 'c1', true);
    await vi.advanceTimersByTimeAsync(4000);
    expect(typingEvents()).toEqual([true]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(typingEvents()).toEqual([true, false]);
  });

  it('clears every indicator of a user who went offline', async () => {
    await typing.set(alice, 'c1', true);
    typing.clearUser('alice');
    expect(typingEvents()).toEqual([true, false]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(typingEvents()).toEqual([true, false]);
  });

  it('stopping when not typing broadcasts nothing', async () => {
    await typing.set(alice, 'c1', false);
    expect(sent).toEqual([]);
  });
});

describe('TypingService under a toggle storm', () => {
  it('partners hear at most one change per 500 ms, and always the latest state in the end', async () => {
    vi.useFakeTimers();
    const store = createMemoryStore();
    await store.conversations.create({ id: 'c1', kind: 'mentorship', status: 'active', createdAt: new Date().toISOString() }, [
      { conversationId: 'c1', userId: 'alice', role: 'mentee', lastReadSeq: 0, joinedAt: '' },
    ]);
    const rec = recordingNotifier();
    const membership = { requireMember: async () => undefined as never, requireWritable: async () => undefined as never };
    const storm = new TypingService({ conversations: membership, notifier: rec.notifier, timeoutMs: 5000 });
    try {
      // 200 toggles in 2 seconds.
      for (let i = 0; i < 200; i++) {
        await storm.set(alice, 'c1', i % 2 === 0);
        await vi.advanceTimersByTimeAsync(10);
      }
      const told = () => rec.sent.filter((s) => s.event === 'typing:changed').length;
      expect(told()).toBeLessThanOrEqual(5);
      await vi.advanceTimersByTimeAsync(600);
      const events = rec.sent.filter((s) => s.event === 'typing:changed').map((s) => (s.payload as { typing: boolean }).typing);
      // The last toggle was "stopped typing": that is what the partner sees last.
      expect(events.at(-1)).toBe(false);
      expect(told()).toBeLessThanOrEqual(6);
    } finally {
      storm.dispose();
      vi.useRealTimers();
    }
  });
});
