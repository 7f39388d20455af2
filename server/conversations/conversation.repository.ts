import type { ContactPolicy, ConversationKind, ConversationStatus, GroupSettings, MemberRole, RiskFlag } from '../../shared/models.js';

export interface ConversationRecord {
  id: string;
  kind: ConversationKind;
  status: ConversationStatus;
  mentorshipId?: string;
  /** ISO 8601 */
  createdAt: string;
  /** Absent on records older than the setting: `hold`. */
  contactPolicy?: ContactPolicy;
  /** Group rooms only. */
  group?: GroupSettings;
  createdBy?: string;
  /** The latest quiet risk flag on a mentee's message. */
  riskFlag?: RiskFlag;
}

export type ConversationPatch = { status?: ConversationStatus; contactPolicy?: ContactPolicy; group?: Partial<GroupSettings> };

export type AddMemberResult = 'added' | 'exists' | 'full';

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
  /** Applies the patch (group settings merged field by field); returns the record now stored. */
  update(id: string, patch: ConversationPatch): Promise<ConversationRecord | undefined>;
  /** Every group room (the caller filters by visibility). */
  listGroups(): Promise<ConversationRecord[]>;
  /** Adds a member unless already one, or unless that would exceed `capacity` (atomic). */
  addMember(member: MemberRecord, capacity?: number): Promise<AddMemberResult>;
  removeMember(conversationId: string, userId: string): Promise<boolean>;
  setMemberRole(conversationId: string, userId: string, role: MemberRole): Promise<boolean>;
  countMembers(conversationIds: readonly string[]): Promise<Map<string, number>>;
  /** Records the latest quiet risk flag (replacing an earlier one). */
  flagRisk(id: string, flag: RiskFlag): Promise<void>;
}
