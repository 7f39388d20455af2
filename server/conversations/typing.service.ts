import type { Identity } from '../auth/identity.js';
import type { Notifier } from '../core/notifier.js';
import type { ConversationService } from './conversation.service.js';

export interface TypingServiceDeps {
  conversations: Pick<ConversationService, 'requireMember' | 'requireWritable'>;
  notifier: Notifier;
  /** A `typing: true` lasts this long without a refresh. */
  timeoutMs: number;
  /** Partners hear of changes at most this often per user and conversation (a toggle storm becomes one update). */
  minIntervalMs?: number;
}

/** One user typing (or not) in one conversation. */
interface Indicator {
  /** What the user last said. */
  typing: boolean;
  /** What the partners last heard, and when. */
  shown: boolean;
  shownAt: number;
  expiry?: NodeJS.Timeout;
  /** A change held back by the interval, told when it ends. */
  trailing?: NodeJS.Timeout;
}

const DEFAULT_MIN_INTERVAL_MS = 500;

/**
 * Typing indicators are ephemeral: kept in this process only, broadcast on change (at most once
 * per interval, the latest state winning), and cleared by a timer so a client that vanishes never
 * leaves a partner watching "typing…" forever.
 */
export class TypingService {
  private readonly indicators = new Map<string, Indicator>();

  constructor(private readonly deps: TypingServiceDeps) {}

  async set(user: Identity, conversationId: string, typing: boolean): Promise<void> {
    if (typing) await this.deps.conversations.requireWritable(user, conversationId);
    else await this.deps.conversations.requireMember(user, conversationId);
    const key = typingKey(conversationId, user.userId);
    const indicator = this.indicators.get(key);
    if (!indicator && !typing) return;
    // Kept after a stop (until the user goes offline), so the interval holds across toggles.
    const current = indicator ?? { typing: false, shown: false, shownAt: -Infinity };
    this.indicators.set(key, current);
    current.typing = typing;
    clearTimeout(current.expiry);
    current.expiry = typing ? setTimeout(() => this.stop(conversationId, user.userId), this.deps.timeoutMs) : undefined;
    this.tell(conversationId, user.userId, current);
  }

  /** Clears every indicator of a user who has gone offline (at once: nobody should see a gone user typing). */
  clearUser(userId: string): void {
    for (const key of [...this.indicators.keys()]) {
      const [conversationId, owner] = key.split('\u0000') as [string, string];
      if (owner !== userId) continue;
      this.stop(conversationId, userId, true);
      this.indicators.delete(key);
    }
  }

  /** Stops every timer (shutdown). */
  dispose(): void {
    for (const indicator of this.indicators.values()) {
      clearTimeout(indicator.expiry);
      clearTimeout(indicator.trailing);
    }
    this.indicators.clear();
  }

  /** The indicator lapsed or its user went offline; `now` skips the interval. */
  private stop(conversationId: string, userId: string, now = false) {
    const indicator = this.indicators.get(typingKey(conversationId, userId));
    if (!indicator) return;
    clearTimeout(indicator.expiry);
    indicator.expiry = undefined;
    indicator.typing = false;
    if (now) {
      clearTimeout(indicator.trailing);
      indicator.trailing = undefined;
    }
    this.tell(conversationId, userId, indicator, now);
  }

  /** Tells the partners the latest state now, or when the interval since the last telling ends. */
  private tell(conversationId: string, userId: string, indicator: Indicator, now = false) {
    if (indicator.trailing) return;
    const wait = indicator.shownAt + (this.deps.minIntervalMs ?? DEFAULT_MIN_INTERVAL_MS) - Date.now();
    if (wait > 0 && !now) {
      indicator.trailing = setTimeout(() => {
        indicator.trailing = undefined;
        this.tell(conversationId, userId, indicator);
      }, wait);
      return;
    }
    if (indicator.typing !== indicator.shown) {
      indicator.shown = indicator.typing;
      indicator.shownAt = Date.now();
      this.deps.notifier.toConversation(conversationId, 'typing:changed', { conversationId, userId, typing: indicator.typing }, { exceptUserId: userId });
    }
  }
}

const typingKey = (conversationId: string, userId: string) => `${conversationId}\u0000${userId}`;
