import type { CommandHandlers } from '../infra/dispatch.js';
import type { MatchingService } from './matching.service.js';

export function matchingHandlers(matching: MatchingService): CommandHandlers {
  return {
    'availability:set': (payload, ctx) => matching.setAvailability(ctx.user, payload.status),
    'support:request': (payload, ctx) => matching.request(ctx.user, payload),
    'support:cancel': (payload, ctx) => matching.cancel(ctx.user, payload.requestId),
    'support:accept': (payload, ctx) => matching.accept(ctx.user, payload.requestId),
    'support:decline': (payload, ctx) => matching.decline(ctx.user, payload.requestId),
    'mentorship:end': (payload, ctx) => matching.endMentorship(ctx.user, payload),
  };
}
