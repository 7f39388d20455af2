import type { ConversationKind, ConversationStatus, MemberRole } from '../../shared/models.js';

export interface ConversationRecord {
  id: string;
  kind: ConversationKind;
  status: ConversationStatus;
  mentorshipId?: string;
  /** ISO 8601 */
  createdAt: string;
}

export interface MemberRecord {
  conversationId: string;
  userId: string;
  role: MemberRole;
  lastReadSeq: number;
  /** ISO 8601 */
  joinedAt: string;
}

export interface ConversationRepository {
  create(conversation: ConversationRecord, members: readonly MemberRecord[]): Promise<void>;
  get(id: string): Promise<ConversationRecord | undefined>;
  setStatus(id: string, status: ConversationStatus): Promise<void>;
  /** Conversations the user is a member of, newest first. */
  listForUser(userId: string): Promise<ConversationRecord[]>;
  getMember(conversationId: string, userId: string): Promise<MemberRecord | undefined>;
  listMembers(conversationId: string): Promise<MemberRecord[]>;
  /** Raises the member's read marker to `seq` (never lowers it); returns the marker now stored. */
  markRead(conversationId: string, userId: string, seq: number): Promise<number>;
  /** Everyone who shares at least one conversation with the user (the user excluded). */
  contactsOf(userId: string): Promise<string[]>;
}
