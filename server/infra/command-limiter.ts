import type { Redis } from 'ioredis';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { CommandName } from '../../shared/commands.js';
import { ErrorCode } from '../../shared/errors.js';
import type { Identity } from '../auth/identity.js';
import { consumeOrRefuse } from './limits.js';
import { sharedLimiter } from './shared-limiters.js';

/**
 * What a command costs a user's allowance. Reads, typing and sending cost one point; what opens
 * something, pages someone or tells a room costs more, so that a flood of them is refused long before
 * it reaches a clinician's pager or a room's members.
 */
export const COMMAND_COSTS: Partial<Record<CommandName, number>> = {
  'support:request': 60,
  'escalation:raise': 60,
  'group:create': 60,
  'group:join': 20,
  'group:leave': 10,
  'group:invite': 10,
  'safety:flag': 20,
  'message:report': 20,
  'support:cancel': 10,
  'availability:set': 5,
  'oncall:set': 5,
};

export interface CommandLimiter {
  /** Takes the command's cost from the user's allowance, or throws RATE_LIMITED with retryAfterMs. */
  consume(user: Identity, command: CommandName): Promise<void>;
}

/** Guests are recognised by their pseudonymous ids (`guest-…`, minted in auth/guest-access.ts). */
const isGuest = (user: Identity) => user.userId.startsWith('guest-');

/** Per user and minute, shared by the nodes through Redis when there is one; 0 points turns a kind of user off. */
export function createCommandLimiter(config: { commandPointsPerMinute: number; guestCommandPointsPerMinute: number }, redis?: Redis): CommandLimiter {
  const limiter = (points: number, keyPrefix: string): RateLimiterAbstract | undefined => (points > 0 ? sharedLimiter({ keyPrefix, points, duration: 60 }, redis) : undefined);
  const users = limiter(config.commandPointsPerMinute, 'cmd');
  const guests = limiter(config.guestCommandPointsPerMinute, 'cmd-guest');
  return {
    async consume(user, command) {
      const counter = isGuest(user) ? guests : users;
      if (!counter) return;
      const cost = Math.min(COMMAND_COSTS[command] ?? 1, counter.points);
      await consumeOrRefuse(counter, user.userId, { code: ErrorCode.RATE_LIMITED, message: 'Too many requests; please wait a moment' }, cost);
    },
  };
}
