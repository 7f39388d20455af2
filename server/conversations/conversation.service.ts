import { AppError, ErrorCode } from '../../shared/errors.js';
import { HISTORY_PAGE_DEFAULT, SYNC_PAGE_MAX, type CommandPayload, type CommandResults } from '../../shared/commands.js';
import type { ConversationSummary, Message } from '../../shared/models.js';
import type { Identity } from '../auth/identity.js';
import type { Clock } from '../core/clock.js';
import { newId } from '../core/ids.js';
import type { Notifier } from '../core/notifier.js';
import type { RateLimiter } from '../core/rate-limiter.js';
import type { PresenceTracker } from '../presence/presence.tracker.js';
import type { Store } from '../store/store.js';
import type { ConversationRecord, MemberRecord } from './conversation.repository.js';

export interface ConversationServiceDeps {
  store: Store;
  notifier: Notifier;
  presence: PresenceTracker;
  messageRateLimiter: RateLimiter;
  clock: Clock;
}

export interface Membership {
  conversation: ConversationRecord;
  member: MemberRecord;
}

/** The rules of reading and writing a conversation, whatever its kind. */
export class ConversationService {
  constructor(private readonly deps: ConversationServiceDeps) {}

  /** The conversation and the caller's membership, or FORBIDDEN / NOT_FOUND. */
  async requireMember(user: Identity, conversationId: string): Promise<Membership> {
    const { conversations } = this.deps.store;
    const [conversation, member] = await Promise.all([
      conversations.get(conversationId),
      conversations.getMember(conversationId, user.userId),
    ]);
    if (!conversation) throw new AppError(ErrorCode.NOT_FOUND, 'Conversation not found');
    if (!member) throw new AppError(ErrorCode.FORBIDDEN, 'You are not a participant of this conversation');
    return { conversation, member };
  }

  /** Like requireMember, and the conversation must still accept messages. */
  async requireWritable(user: Identity, conversationId: string): Promise<Membership> {
    const membership = await this.requireMember(user, conversationId);
    if (membership.conversation.status !== 'active') {
      throw new AppError(ErrorCode.FORBIDDEN, 'This conversation has ended; it can be read but accepts no new messages');
    }
    return membership;
  }

  async list(user: Identity): Promise<CommandResults['conversation:list']> {
    const records = await this.deps.store.conversations.listForUser(user.userId);
    return { conversations: await this.summarize(records, user.userId) };
  }

  /**
   * Checks membership, then `subscribe`s (the caller's live feed) before reading lastSeq, so no
   * message can fall between the returned lastSeq and the first live event.
   */
  async join(user: Identity, conversationId: string, subscribe: () => void): Promise<CommandResults['conversation:join']> {
    const { conversation } = await this.requireMember(user, conversationId);
    subscribe();
    const [summary] = await this.summarize([conversation], user.userId);
    return { conversation: summary!, lastSeq: summary!.lastSeq };
  }

  /**
   * Stores the message, then broadcasts it. A retry with the same clientMessageId returns the
   * stored original and broadcasts nothing; the same id reused for different content is a CONFLICT.
   */
  async send(user: Identity, input: CommandPayload<'message:send'>): Promise<Message> {
    const { store, notifier, messageRateLimiter, clock } = this.deps;
    let membership: Membership;
    try {
      membership = await this.requireWritable(user, input.conversationId);
    } catch (err) {
      // A retry of a message stored before the conversation closed still gets its acknowledgement.
      const stored = await store.messages.findByClientId(user.userId, input.clientMessageId);
      if (stored && sameContent(stored, input)) return stored;
      throw err;
    }
    await messageRateLimiter.consume(user.userId);
    const { message, created } = await store.messages.append(
      {
        conversationId: membership.conversation.id,
        senderId: user.userId,
        senderRole: user.role,
        senderName: user.name,
        body: input.body,
        clientMessageId: input.clientMessageId,
        createdAt: new Date(clock.now()).toISOString(),
      },
      newId(),
    );
    if (!created) {
      if (!sameContent(message, input)) {
        throw new AppError(ErrorCode.CONFLICT, 'This clientMessageId was already used for a different message', {
          details: { clientMessageId: input.clientMessageId },
        });
      }
      return message;
    }
    notifier.toConversation(message.conversationId, 'message:created', message);
    return message;
  }

  async history(user: Identity, input: CommandPayload<'conversation:history'>): Promise<CommandResults['conversation:history']> {
    await this.requireMember(user, input.conversationId);
    return this.deps.store.messages.before(input.conversationId, input.beforeSeq, input.limit ?? HISTORY_PAGE_DEFAULT);
  }

  async sync(user: Identity, input: CommandPayload<'conversation:sync'>): Promise<CommandResults['conversation:sync']> {
    await this.requireMember(user, input.conversationId);
    const { messages } = this.deps.store;
    const page = await messages.after(input.conversationId, input.afterSeq, input.limit ?? SYNC_PAGE_MAX);
    const lastSeq = (await messages.lastSeqs([input.conversationId])).get(input.conversationId) ?? 0;
    return { ...page, lastSeq };
  }

  /** Raises the caller's read marker (clamped to the last message) and tells the conversation. */
  async markRead(user: Identity, input: CommandPayload<'conversation:read'>): Promise<CommandResults['conversation:read']> {
    const { member } = await this.requireMember(user, input.conversationId);
    const { store, notifier } = this.deps;
    const lastSeq = (await store.messages.lastSeqs([input.conversationId])).get(input.conversationId) ?? 0;
    const target = Math.min(input.seq, lastSeq);
    if (target <= member.lastReadSeq) return { seq: member.lastReadSeq };
    const seq = await store.conversations.markRead(input.conversationId, user.userId, target);
    notifier.toConversation(input.conversationId, 'conversation:read', {
      conversationId: input.conversationId,
      userId: user.userId,
      seq,
    });
    return { seq };
  }

  /** Conversations as `viewerId` sees them: participants with names and presence, seq and read markers. */
  async summarize(records: readonly ConversationRecord[], viewerId: string): Promise<ConversationSummary[]> {
    const { store, presence } = this.deps;
    if (records.length === 0) return [];
    const ids = records.map((r) => r.id);
    const [membersPerConversation, lastSeqs] = await Promise.all([
      Promise.all(ids.map((id) => store.conversations.listMembers(id))),
      store.messages.lastSeqs(ids),
    ]);
    const userIds = [...new Set(membersPerConversation.flat().map((m) => m.userId))];
    const [users, online] = await Promise.all([store.users.getMany(userIds), presence.onlineAmong(userIds)]);
    return records.map((record, i) => {
      const members = membersPerConversation[i]!;
      const summary: ConversationSummary = {
        id: record.id,
        kind: record.kind,
        status: record.status,
        participants: members.map((m) => {
          const name = users.get(m.userId)?.name;
          return { userId: m.userId, role: m.role, online: online.has(m.userId), ...(name ? { name } : {}) };
        }),
        lastSeq: lastSeqs.get(record.id) ?? 0,
        lastReadSeq: members.find((m) => m.userId === viewerId)?.lastReadSeq ?? 0,
        createdAt: record.createdAt,
      };
      if (record.mentorshipId) summary.mentorshipId = record.mentorshipId;
      return summary;
    });
  }
}

const sameContent = (stored: Message, input: CommandPayload<'message:send'>) =>
  stored.conversationId === input.conversationId && stored.body === input.body;
