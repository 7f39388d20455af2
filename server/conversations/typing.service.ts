import type { Identity } from '../auth/identity.js';
import type { Notifier } from '../core/notifier.js';
import type { ConversationService } from './conversation.service.js';

export interface TypingServiceDeps {
  conversations: ConversationService;
  notifier: Notifier;
  /** A `typing: true` lasts this long without a refresh. */
  timeoutMs: number;
}

/**
 * Typing indicators are ephemeral: kept in this process only, broadcast on change, and cleared
 * by a timer so a client that vanishes never leaves a partner watching "typing…" forever.
 */
export class TypingService {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly deps: TypingServiceDeps) {}

  async set(user: Identity, conversationId: string, typing: boolean): Promise<void> {
    if (typing) await this.deps.conversations.requireWritable(user, conversationId);
    else await this.deps.conversations.requireMember(user, conversationId);
    const key = typingKey(conversationId, user.userId);
    const existing = this.timers.get(key);
    if (existing) clearTimeout(existing);
    if (typing) {
      this.timers.set(
        key,
        setTimeout(() => this.stop(conversationId, user.userId), this.deps.timeoutMs),
      );
      if (!existing) this.broadcast(conversationId, user.userId, true);
    } else if (existing) {
      this.stop(conversationId, user.userId);
    }
  }

  /** Clears every indicator of a user who has gone offline. */
  clearUser(userId: string): void {
    for (const key of [...this.timers.keys()]) {
      const [conversationId, owner] = key.split('\u0000') as [string, string];
      if (owner === userId) this.stop(conversationId, userId);
    }
  }

  /** Stops every timer (shutdown). */
  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private stop(conversationId: string, userId: string) {
    const key = typingKey(conversationId, userId);
    const timer = this.timers.get(key);
    if (!timer) return;
    clearTimeout(timer);
    this.timers.delete(key);
    this.broadcast(conversationId, userId, false);
  }

  private broadcast(conversationId: string, userId: string, typing: boolean) {
    this.deps.notifier.toConversation(conversationId, 'typing:changed', { conversationId, userId, typing }, { exceptUserId: userId });
  }
}

const typingKey = (conversationId: string, userId: string) => `${conversationId}\u0000${userId}`;
