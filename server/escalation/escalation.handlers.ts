import type { CommandHandlers } from '../infra/dispatch.js';
import { rooms } from '../infra/socket-types.js';
import type { AccessRecorder } from '../privacy/access-log.js';
import type { EscalationService } from './escalation.service.js';

/** Escalation commands; what clinicians read of a client (excerpts, the handed-over history) is access-logged. */
export function escalationHandlers(escalations: EscalationService, access: AccessRecorder): CommandHandlers {
  return {
    'escalation:raise': (payload, ctx) => escalations.raise(ctx.user, payload),
    'escalation:ack': (payload, ctx) => escalations.ack(ctx.user, payload.escalationId),
    'escalation:join': async (payload, ctx) => {
      const result = await escalations.join(ctx.user, payload.escalationId);
      ctx.socket.join(rooms.conversation(result.escalation.conversationId));
      await access.conversationRead(ctx.user, result.escalation.conversationId, 'history', result.escalation.id);
      return result;
    },
    'escalation:resolve': (payload, ctx) => escalations.resolve(ctx.user, payload),
    'escalation:list': async (payload, ctx) => {
      const result = await escalations.list(ctx.user, payload);
      await access.escalationsRead(ctx.user, result.escalations);
      return result;
    },
    'oncall:set': (payload, ctx) => escalations.setOnCall(ctx.user, payload.onCall),
  };
}
