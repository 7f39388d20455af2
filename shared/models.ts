import { z } from 'zod';

/** Roles carried in the token's `role` claim. */
export const Role = { mentee: 'mentee', specialist: 'specialist', clinician: 'clinician', admin: 'admin' } as const;
export type Role = (typeof Role)[keyof typeof Role];
export const roleSchema = z.enum(['mentee', 'specialist', 'clinician', 'admin']);

/** Kinds of conversation. Group rooms share every message command with mentorships. */
export type ConversationKind = 'mentorship' | 'group';

/** `closed`: readable by its members, accepts no new messages (an ended mentorship). */
export type ConversationStatus = 'active' | 'closed';

/** A person's place in one conversation. */
export type MemberRole = 'mentee' | 'specialist' | 'facilitator' | 'member' | 'clinician';

/** A chat message as stored and delivered. `seq` is gapless per conversation, starting at 1. */
export interface Message {
  id: string;
  conversationId: string;
  seq: number;
  senderId: string;
  senderRole: Role;
  senderName: string;
  body: string;
  clientMessageId: string;
  /** ISO 8601 */
  createdAt: string;
}

export interface Participant {
  userId: string;
  /** Display name from the user's latest token; absent until the user has connected once. */
  name?: string;
  role: MemberRole;
  online: boolean;
}

/** A conversation as one member sees it. */
export interface ConversationSummary {
  id: string;
  kind: ConversationKind;
  status: ConversationStatus;
  participants: Participant[];
  lastSeq: number;
  /** The caller's own read marker. */
  lastReadSeq: number;
  mentorshipId?: string;
  /** ISO 8601 */
  createdAt: string;
}

export type MentorshipStatus = 'active' | 'ended';

/** A mentee assigned to a peer specialist, with the 1:1 conversation between them. */
export interface Mentorship {
  id: string;
  menteeId: string;
  specialistId: string;
  conversationId: string;
  status: MentorshipStatus;
  /** ISO 8601 */
  createdAt: string;
  endedAt?: string;
  endedBy?: string;
}
