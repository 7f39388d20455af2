import type { ServerEventName, ServerEventPayload } from '../../shared/events.js';
import type { Notifier } from '../core/notifier.js';
import { rooms, type ChatServer } from './socket-types.js';

/** Broadcasts through Socket.IO rooms; with the Redis adapter these reach every node. */
export class SocketNotifier implements Notifier {
  constructor(private readonly io: ChatServer) {}

  toConversation<E extends ServerEventName>(
    conversationId: string,
    event: E,
    payload: ServerEventPayload<E>,
    options: { exceptUserId?: string; exceptConnection?: string } = {},
  ) {
    let target = this.io.to(rooms.conversation(conversationId));
    if (options.exceptUserId) target = target.except(rooms.user(options.exceptUserId));
    // Every socket is in a room named by its id: leaving that one out reaches the sender's other devices only.
    if (options.exceptConnection) target = target.except(options.exceptConnection);
    (target.emit as (event: E, payload: ServerEventPayload<E>) => boolean)(event, payload);
  }

  toUsers<E extends ServerEventName>(userIds: readonly string[], event: E, payload: ServerEventPayload<E>) {
    if (userIds.length === 0) return;
    (this.io.to(userIds.map(rooms.user)).emit as (event: E, payload: ServerEventPayload<E>) => boolean)(event, payload);
  }

  toRole<E extends ServerEventName>(role: 'clinician' | 'admin', event: E, payload: ServerEventPayload<E>) {
    (this.io.to(rooms.role(role)).emit as (event: E, payload: ServerEventPayload<E>) => boolean)(event, payload);
  }

  unsubscribe(userId: string, conversationId: string) {
    this.io.in(rooms.user(userId)).socketsLeave(rooms.conversation(conversationId));
  }
}
