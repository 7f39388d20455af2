import { z } from 'zod';

/** Roles carried in the token's `role` claim. */
export const Role = { mentee: 'mentee', specialist: 'specialist', clinician: 'clinician', admin: 'admin' } as const;
export type Role = (typeof Role)[keyof typeof Role];
export const roleSchema = z.enum(['mentee', 'specialist', 'clinician', 'admin']);

/**
 * Kinds of conversation. Group rooms share every message command with mentorships. A `support`
 * conversation holds a waiting mentee whose request signalled a crisis, so a clinician can join.
 */
export type ConversationKind = 'mentorship' | 'group' | 'support';

/** `closed`: readable by its members, accepts no new messages (an ended mentorship). */
export type ConversationStatus = 'active' | 'closed';

/** A person's place in one conversation. */
export type MemberRole = 'mentee' | 'specialist' | 'facilitator' | 'member' | 'clinician';

/** What a conversation does with contact details (phone numbers, e-mail, social handles) in messages. */
export type ContactPolicy = 'allow' | 'hold' | 'block';
export const CONTACT_POLICIES = ['allow', 'hold', 'block'] as const;

/** Who may find and join a group: anyone (`open`), the same treatment program, or invited users. */
export type GroupVisibility = 'open' | 'program' | 'invite';
export const GROUP_VISIBILITIES = ['open', 'program', 'invite'] as const;

/** A group room's settings. */
export interface GroupSettings {
  name: string;
  description?: string;
  visibility: GroupVisibility;
  /** Most members at once. */
  capacity: number;
  /** 0: off. Otherwise members (not facilitators) may post once per this many seconds. */
  slowModeSec: number;
  /** Only facilitators may post. */
  locked: boolean;
  /** The creator's program; `program` groups admit only users of it. */
  programId?: string;
}

/** Redacted: members see the message without its body; clinicians and admins still read it. */
export interface Redaction {
  /** ISO 8601 */
  at: string;
  /** Only for clinicians, admins and the author. */
  reason?: string;
  /** Only for clinicians and admins. */
  by?: string;
}

/** Who wrote what, where and when: common to messages and held messages. */
export interface AuthoredText {
  conversationId: string;
  senderId: string;
  senderRole: Role;
  senderName: string;
  body: string;
  /** Chosen by the sender's client; a retry with the same id is the same message. */
  clientMessageId: string;
  /** ISO 8601 */
  createdAt: string;
}

/** A chat message as stored and delivered. `seq` is gapless per conversation, starting at 1. */
export interface Message extends AuthoredText {
  id: string;
  seq: number;
  /** Present once redacted; `body` is then empty except for clinicians and admins. */
  redaction?: Redaction;
  /** Its author was erased: the body is gone for everyone, the seq stays so nobody sees a gap. */
  erased?: boolean;
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
  contactPolicy: ContactPolicy;
  /** Group rooms only. */
  group?: GroupSettings & { memberCount: number };
  /** The caller's own mute in this conversation, while it lasts. */
  mutedUntil?: string;
  muteReason?: string;
  /** The latest quiet risk flag on a mentee's message (never shown to mentees). */
  riskFlag?: RiskFlag;
}

/** A mentee's message the detector (or a specialist) found worrying, below a page: the specialist should look. */
export interface RiskFlag {
  messageId: string;
  level: Exclude<RiskLevel, 'none'>;
  categories: string[];
  /** ISO 8601 */
  at: string;
}

export const SAFETY_EXAMPLE_SOURCES = ['flag', 'false-alarm'] as const;

/** A labelled example for the next training round: the text and what it should have been. No user ids or names. */
export interface SafetyExample {
  id: string;
  text: string;
  /** What the message should be assessed as: a missed crisis (flag) or `none` (a false alarm). */
  level: RiskLevel;
  categories: string[];
  source: (typeof SAFETY_EXAMPLE_SOURCES)[number];
  note?: string;
  /** The rules and the model that assessed it. */
  rulesVersion: string;
  modelVersion: string;
  /** ISO 8601 */
  createdAt: string;
}

/** A group as `group:list` shows it, joined or not. */
export interface GroupListing extends GroupSettings {
  id: string;
  memberCount: number;
  joined: boolean;
  /** The caller's role, when joined. */
  role?: MemberRole;
}

/** A sanction as the affected user is told of it. */
export interface Sanction {
  conversationId: string;
  kind: 'mute' | 'removal' | 'ban';
  reason: string;
  /** ISO 8601; mutes only. */
  until?: string;
}

export type ReportStatus = 'open' | 'resolved';
export const REPORT_ACTIONS = ['dismiss', 'warn', 'redact', 'mute', 'remove'] as const;
export type ReportAction = (typeof REPORT_ACTIONS)[number];

/** A report of a message. Who reported it is never part of it. */
export interface Report {
  id: string;
  conversationId: string;
  messageId: string;
  messageSeq: number;
  reportedUserId: string;
  reason: string;
  status: ReportStatus;
  /** ISO 8601 */
  createdAt: string;
  resolvedAt?: string;
  resolvedBy?: string;
  action?: ReportAction;
  note?: string;
}

export type HeldStatus = 'held' | 'approved' | 'rejected';

/** A message held for review because it seemed to carry contact details. */
export interface HeldMessage extends AuthoredText {
  id: string;
  /** What was found, e.g. `phone`, `email`, `handle`, `link`. */
  findings: string[];
  status: HeldStatus;
  reviewedBy?: string;
  reviewedAt?: string;
  /** Once approved: the message it became. */
  messageId?: string;
}

/** A stored on-call shift: the clinician is on call between `from` and `to`, connected or not. */
export interface OnCallShift {
  id: string;
  userId: string;
  /** ISO 8601 */
  from: string;
  /** ISO 8601 */
  to: string;
  /** The policy tier it covers (its name); absent: the first on-call tier. */
  tier?: string;
  createdBy: string;
  /** ISO 8601 */
  createdAt: string;
}

/** How a clinician is reached out of band. */
export interface ClinicianContact {
  email?: string;
}

/** One read of a person's data by someone who is not a participant (NEN 7513). */
export interface AccessLogEntry {
  id: string;
  /** ISO 8601 */
  at: string;
  actorId: string;
  actorRole: Role;
  /** Whose data was read. */
  subjectId: string;
  /** Which data: a conversation's history, an escalation with its excerpt, the audit trail, an export. */
  data: 'history' | 'escalation' | 'audit' | 'export';
  conversationId?: string;
  /** Why: the escalation that brought the reader in, or the request. */
  reason: string;
  escalationId?: string;
}

/** One line of the append-only audit log. */
export interface AuditEntry {
  id: string;
  /** ISO 8601 */
  at: string;
  actorId: string;
  action: string;
  conversationId?: string;
  targetUserId?: string;
  targetMessageId?: string;
  reason?: string;
  details?: Record<string, unknown>;
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

export const RISK_LEVELS = ['none', 'elevated', 'high', 'imminent'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
/** A level's place in the order none < elevated < high < imminent. */
export const riskRank = (level: RiskLevel): number => RISK_LEVELS.indexOf(level);
export type EscalationSeverity = Exclude<RiskLevel, 'none'>;
export type EscalationStatus = 'open' | 'acknowledged' | 'resolved';

/** A crisis line or service, shown to someone at risk. */
export interface CrisisResource {
  name: string;
  phone?: string;
  text?: string;
  url?: string;
  hours?: string;
}

/** One message of the context an escalation carries to clinicians. */
export interface ExcerptMessage {
  seq: number;
  senderId: string;
  senderName: string;
  senderRole: Role;
  body: string;
  /** ISO 8601 */
  createdAt: string;
  /** Held for review (contact details), not yet shown in the conversation. */
  held?: boolean;
}

/** A crisis escalation, as clinicians see it. */
export interface Escalation {
  id: string;
  conversationId: string;
  severity: EscalationSeverity;
  source: 'auto' | 'manual';
  raisedBy: string;
  reason: string;
  status: EscalationStatus;
  /** The tier now alerted, from 1. */
  tier: number;
  /** How many times the whole chain has run out and started again. */
  round: number;
  ownerId?: string;
  /** The owner's display name, when the server knows it (not stored with the escalation). */
  ownerName?: string;
  /** ISO 8601 */
  createdAt: string;
  ackedAt?: string;
  resolvedAt?: string;
  outcome?: string;
  /** Clinicians only. */
  note?: string;
  /** The messages before it, up to 20, oldest first. */
  excerpt: ExcerptMessage[];
  /** Risk categories found (automatic escalations). */
  categories: string[];
  /** The lexicon and model versions of the assessment that opened it (automatic escalations). */
  rulesVersion?: string;
  modelVersion?: string;
  /** Resolved as a false alarm: its message became a training example. */
  falseAlarm?: boolean;
}

export const AVAILABILITY = ['available', 'busy', 'offline'] as const;
export type Availability = (typeof AVAILABILITY)[number];
export const ENGAGEMENTS = ['full-time', 'part-time', 'volunteer'] as const;

/** A weekly slot, local to the profile's time zone; day 1 is Monday. */
export interface OfficeHoursSlot {
  day: number;
  /** HH:MM */
  from: string;
  /** HH:MM */
  to: string;
}

export interface OfficeHours {
  /** IANA time zone, e.g. Europe/Amsterdam */
  timezone: string;
  slots: OfficeHoursSlot[];
}

/** A peer specialist's listing. `maxActiveMentees`, `activeMentees` and `programId` are staff-only. */
export interface SpecialistProfile {
  userId: string;
  displayName: string;
  bio: string;
  specialties: string[];
  languages: string[];
  certified: boolean;
  engagement: (typeof ENGAGEMENTS)[number];
  officeHours?: OfficeHours;
  availability: Availability;
  /** Outside office hours: when the next slot starts (ISO 8601). */
  backAt?: string;
  maxActiveMentees?: number;
  activeMentees?: number;
  programId?: string;
}

export type SupportRequestStatus = 'waiting' | 'offered' | 'matched' | 'cancelled';

/** A mentee asking to be matched with a peer specialist. */
export interface SupportRequest {
  id: string;
  menteeId: string;
  menteeName: string;
  topic: string;
  language?: string;
  note?: string;
  status: SupportRequestStatus;
  /** The note's risk level, which orders the queue. */
  risk: RiskLevel;
  /** ISO 8601 */
  createdAt: string;
  mentorshipId?: string;
}
