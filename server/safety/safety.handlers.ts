import type { CommandHandlers } from '../infra/dispatch.js';
import type { SafetyService } from './safety.service.js';

export function safetyHandlers(safety: SafetyService): CommandHandlers {
  return {
    'safety:flag': (payload, ctx) => safety.flag(ctx.user, payload),
  };
}
