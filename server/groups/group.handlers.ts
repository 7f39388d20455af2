import type { CommandHandlers } from '../infra/dispatch.js';
import { rooms } from '../infra/socket-types.js';
import type { GroupService } from './group.service.js';

export function groupHandlers(groups: GroupService): CommandHandlers {
  return {
    'group:create': (payload, ctx) => groups.create(ctx.user, payload),
    'group:list': (_payload, ctx) => groups.list(ctx.user),
    'group:join': (payload, ctx) => groups.join(ctx.user, payload.conversationId, () => ctx.socket.join(rooms.conversation(payload.conversationId))),
    'group:leave': (payload, ctx) => groups.leave(ctx.user, payload.conversationId),
    'group:invite': (payload, ctx) => groups.invite(ctx.user, payload),
    'group:setRole': (payload, ctx) => groups.setRole(ctx.user, payload),
    'group:update': (payload, ctx) => groups.update(ctx.user, payload),
  };
}
