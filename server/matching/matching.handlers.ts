import type { CommandHandlers } from '../infra/dispatch.js';
import type { MatchingService } from './matching.service.js';
import type { SpecialistService } from './specialist.service.js';

export function matchingHandlers(deps: { matching: MatchingService; specialists: SpecialistService }): CommandHandlers {
  const { matching, specialists } = deps;
  return {
    'availability:set': (payload, ctx) => specialists.setAvailability(ctx.user, payload.status),
    'support:request': (payload, ctx) => matching.request(ctx.user, payload),
    'support:cancel': (payload, ctx) => matching.cancel(ctx.user, payload.requestId),
    'support:accept': (payload, ctx) => matching.accept(ctx.user, payload.requestId),
    'support:decline': (payload, ctx) => matching.decline(ctx.user, payload.requestId),
  };
}
