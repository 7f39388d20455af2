import type { ServerEventName, ServerEventPayload } from '../../shared/events.js';

/**
 * How services say what to broadcast without knowing about sockets. The Socket.IO
 * implementation reaches every node through the adapter.
 */
export interface Notifier {
  /** To every socket that joined the conversation (optionally leaving out one user's sockets, or one connection). */
  toConversation<E extends ServerEventName>(
    conversationId: string,
    event: E,
    payload: ServerEventPayload<E>,
    options?: { exceptUserId?: string; exceptConnection?: string },
  ): void;
  /** To every socket of each user, joined or not. */
  toUsers<E extends ServerEventName>(userIds: readonly string[], event: E, payload: ServerEventPayload<E>): void;
  /** To every socket of everyone with the role (e.g. the clinicians on duty), on every node. */
  toRole<E extends ServerEventName>(role: 'clinician' | 'admin', event: E, payload: ServerEventPayload<E>): void;
  /** Stops a user's sockets, on every node, from receiving a conversation's events. */
  unsubscribe(userId: string, conversationId: string): void;
}
