import pino from 'pino';
import type { Clock } from '../../server/core/clock.js';
import type { ProfileFields } from '../../server/matching/matching.repository.js';
import type { Notifier } from '../../server/core/notifier.js';
import type { ServerEventName } from '../../shared/events.js';

/** A clock that moves only when told. */
export function fakeClock(start = Date.parse('2026-03-02T10:00:00Z')): Clock & { advance(ms: number): void; set(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    advance: (ms) => void (now += ms),
    set: (ms) => void (now = ms),
  };
}

export interface Sent {
  /** A conversation id, the user ids joined by ",", or a role. */
  to: string;
  event: ServerEventName;
  payload: any;
  except?: string | undefined;
}

/** A notifier that records what services ask to broadcast. */
export function recordingNotifier(): { notifier: Notifier; sent: Sent[]; to(userId: string, event: ServerEventName): Sent[] } {
  const sent: Sent[] = [];
  const notifier: Notifier = {
    toConversation: (conversationId, event, payload, options) => void sent.push({ to: conversationId, event, payload, except: options?.exceptUserId }),
    toUsers: (userIds, event, payload) => void sent.push({ to: userIds.join(','), event, payload }),
    toRole: (role, event, payload) => void sent.push({ to: role, event, payload }),
    unsubscribe: () => {},
  };
  return { notifier, sent, to: (userId, event) => sent.filter((s) => s.event === event && s.to.split(',').includes(userId)) };
}

/** A logger that says nothing (services take a pino Logger). */
export const silentLogger = pino({ level: 'silent' });

/** A specialist's listing with plain defaults (the matching tests' fixture). */
export const profileFields = (userId: string, over: Partial<ProfileFields> = {}): ProfileFields => ({
  userId,
  displayName: userId,
  bio: 'bio',
  specialties: ['anxiety'],
  languages: ['nl'],
  certified: true,
  engagement: 'volunteer',
  maxActiveMentees: 3,
  ...over,
});
