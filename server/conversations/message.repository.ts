import type { AuthoredText, Message, Redaction } from '../../shared/models.js';
import type { Identity } from '../auth/identity.js';

export type NewMessage = Omit<Message, 'id' | 'seq'>;

/** Just the authored part of a message or held message. */
export function authoredOf(m: AuthoredText): AuthoredText {
  const { conversationId, senderId, senderRole, senderName, body, clientMessageId, createdAt } = m;
  return { conversationId, senderId, senderRole, senderName, body, clientMessageId, createdAt };
}

/** The authored part of a message a user sends now. */
export function authored(user: Identity, conversationId: string, input: { body: string; clientMessageId: string }, createdAt: string): AuthoredText {
  return { conversationId, senderId: user.userId, senderRole: user.role, senderName: user.name, body: input.body, clientMessageId: input.clientMessageId, createdAt };
}

export interface AppendResult {
  message: Message;
  /** false: the sender had already stored this clientMessageId; `message` is the original. */
  created: boolean;
}

export interface MessagePage {
  messages: Message[];
  hasMore: boolean;
}

export interface MessageRepository {
  /**
   * Stores a message with the next seq of its conversation (gapless, starting at 1), or returns
   * the sender's earlier message with the same clientMessageId. Atomic per conversation, also
   * when several processes append at once.
   */
  append(message: NewMessage, id: string): Promise<AppendResult>;
  findByClientId(senderId: string, clientMessageId: string): Promise<Message | undefined>;
  /** The newest `limit` messages before `beforeSeq` (all when undefined), ascending. `hasMore`: older ones exist. */
  before(conversationId: string, beforeSeq: number | undefined, limit: number): Promise<MessagePage>;
  /** The first `limit` messages after `afterSeq`, ascending. `hasMore`: newer ones exist. */
  after(conversationId: string, afterSeq: number, limit: number): Promise<MessagePage>;
  /** Highest seq per conversation (0 when empty). */
  lastSeqs(conversationIds: readonly string[]): Promise<Map<string, number>>;
  get(id: string): Promise<Message | undefined>;
  /** Marks it redacted (once; the body is kept for the audit); returns the stored message. */
  redact(id: string, redaction: Required<Redaction>): Promise<Message | undefined>;
}
