import type { ServerEventName, ServerEventPayload } from '../../shared/events.js';
import type { Notifier } from '../core/notifier.js';

/** A change waiting for its window to close: the latest state and how to send it. */
interface Held {
  state: string;
  send: () => void;
}

interface Window {
  /** The state the others last heard of. */
  sent: string;
  held?: Held;
  timer: NodeJS.Timeout;
}

/**
 * Keeps join/leave and connect/disconnect storms from becoming event storms. Per member of a
 * conversation (`member:joined` / `member:left`) and per user (`presence:changed`), the first change
 * goes out at once; later changes within `windowMs` are held, and when the window closes only the
 * latest goes out, and only if it differs from what the others last heard. Everything else passes
 * straight through. Per node: a storm comes from one connection, which one node serves.
 */
export class CoalescingNotifier implements Notifier {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly inner: Notifier,
    private readonly windowMs = 1000,
  ) {}

  toConversation<E extends ServerEventName>(
    conversationId: string,
    event: E,
    payload: ServerEventPayload<E>,
    options?: { exceptUserId?: string; exceptConnection?: string },
  ): void {
    if (event === 'member:joined' || event === 'member:left') {
      const { userId } = payload as ServerEventPayload<'member:joined'>;
      this.coalesce(`member:${conversationId}:${userId}`, event, () => this.inner.toConversation(conversationId, event, payload, options));
    } else {
      // Straight through, with no closure: every chat message passes here.
      this.inner.toConversation(conversationId, event, payload, options);
    }
  }

  toUsers<E extends ServerEventName>(userIds: readonly string[], event: E, payload: ServerEventPayload<E>): void {
    if (event === 'presence:changed') {
      const { userId, online } = payload as ServerEventPayload<'presence:changed'>;
      this.coalesce(`presence:${userId}`, String(online), () => this.inner.toUsers(userIds, event, payload));
    } else {
      this.inner.toUsers(userIds, event, payload);
    }
  }

  toRole<E extends ServerEventName>(role: 'clinician' | 'admin', event: E, payload: ServerEventPayload<E>): void {
    this.inner.toRole(role, event, payload);
  }

  unsubscribe(userId: string, conversationId: string): void {
    this.inner.unsubscribe(userId, conversationId);
  }

  /** Drops what is held (at shutdown). */
  close(): void {
    for (const w of this.windows.values()) clearTimeout(w.timer);
    this.windows.clear();
  }

  private coalesce(key: string, state: string, send: () => void): void {
    const open = this.windows.get(key);
    if (open) {
      open.held = { state, send };
      return;
    }
    send();
    this.openWindow(key, state);
  }

  private openWindow(key: string, sent: string): void {
    const timer = setTimeout(() => {
      const window = this.windows.get(key);
      this.windows.delete(key);
      if (window?.held && window.held.state !== window.sent) {
        window.held.send();
        // What just went out starts a window of its own, so a storm stays at one event per window.
        this.openWindow(key, window.held.state);
      }
    }, this.windowMs);
    timer.unref();
    this.windows.set(key, { sent, timer });
  }
}
