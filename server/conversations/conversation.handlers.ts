import type { CommandHandlers } from '../infra/dispatch.js';
import { rooms } from '../infra/socket-types.js';
import type { ConversationService } from './conversation.service.js';
import type { TypingService } from './typing.service.js';

/** Translates conversation commands to service calls; the rules live in the services. */
export function conversationHandlers(deps: { conversations: ConversationService; typing: TypingService }): CommandHandlers {
  const { conversations, typing } = deps;
  return {
    'conversation:list': (_payload, ctx) => conversations.list(ctx.user),
    'conversation:join': (payload, ctx) =>
      conversations.join(ctx.user, payload.conversationId, () => ctx.socket.join(rooms.conversation(payload.conversationId))),
    'message:send': (payload, ctx) => conversations.send(ctx.user, payload, ctx.socket.id),
    'conversation:history': (payload, ctx) => conversations.history(ctx.user, payload),
    'conversation:sync': (payload, ctx) => conversations.sync(ctx.user, payload),
    'typing:set': async (payload, ctx) => {
      await typing.set(ctx.user, payload.conversationId, payload.typing);
      return {};
    },
    'conversation:markRead': (payload, ctx) => conversations.markRead(ctx.user, payload),
  };
}
