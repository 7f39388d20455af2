import type { ServerEventName, ServerEventPayload } from '../../shared/events.js';

/**
 * How services say what to broadcast without knowing about sockets. The Socket.IO
 * implementation reaches every node through the adapter.
 */
export interface Notifier {
  /** To every socket that joined the conversation (optionally leaving out one user's sockets). */
  toConversation<E extends ServerEventName>(
    conversationId: string,
    event: E,
    payload: ServerEventPayload<E>,
    options?: { exceptUserId?: string },
  ): void;
  /** To every socket of each user, joined or not. */
  toUsers<E extends ServerEventName>(userIds: readonly string[], event: E, payload: ServerEventPayload<E>): void;
}
