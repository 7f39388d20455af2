import type { CommandHandlers } from '../infra/dispatch.js';
import { rooms } from '../infra/socket-types.js';
import type { EscalationService } from './escalation.service.js';

export function escalationHandlers(escalations: EscalationService): CommandHandlers {
  return {
    'escalation:raise': (payload, ctx) => escalations.raise(ctx.user, payload),
    'escalation:ack': (payload, ctx) => escalations.ack(ctx.user, payload.escalationId),
    'escalation:join': async (payload, ctx) => {
      const result = await escalations.join(ctx.user, payload.escalationId);
      ctx.socket.join(rooms.conversation(result.escalation.conversationId));
      return result;
    },
    'escalation:resolve': (payload, ctx) => escalations.resolve(ctx.user, payload),
    'escalation:list': (payload, ctx) => escalations.list(ctx.user, payload),
    'oncall:set': (payload, ctx) => escalations.setOnCall(ctx.user, payload.onCall),
  };
}
