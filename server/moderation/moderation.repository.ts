import type { AuditEntry, HeldMessage, Report, ReportAction } from '../../shared/models.js';

/** A user's standing in one conversation: mute, ban, invitation. */
export interface Standing {
  conversationId: string;
  userId: string;
  /** ISO 8601 */
  mutedUntil?: string;
  muteReason?: string;
  banned?: boolean;
  banReason?: string;
  invited?: boolean;
}
export type StandingFields = Omit<Standing, 'conversationId' | 'userId'>;

export interface StandingRepository {
  get(conversationId: string, userId: string): Promise<Standing | undefined>;
  /** Sets the given fields and removes those listed in `unset`. */
  patch(conversationId: string, userId: string, set: StandingFields, unset?: ReadonlyArray<keyof StandingFields>): Promise<void>;
}

/** A report as stored: with the reporter, who is never shown. */
export interface ReportRecord extends Report {
  reporterId: string;
}

export interface ReportRepository {
  /** One report per reporter and message: a second returns the first (`created: false`). */
  createIfAbsent(report: ReportRecord): Promise<{ report: ReportRecord; created: boolean }>;
  get(id: string): Promise<ReportRecord | undefined>;
  list(conversationId: string, status?: Report['status']): Promise<ReportRecord[]>;
  /** Resolves an open report (once); returns the stored report. */
  resolve(id: string, resolution: { resolvedAt: string; resolvedBy: string; action: ReportAction; note?: string }): Promise<ReportRecord | undefined>;
}

export interface HeldMessageRepository {
  /** One per sender and clientMessageId: a retry returns the first (`created: false`). */
  createIfAbsent(held: HeldMessage): Promise<{ held: HeldMessage; created: boolean }>;
  get(id: string): Promise<HeldMessage | undefined>;
  findByClientId(senderId: string, clientMessageId: string): Promise<HeldMessage | undefined>;
  /** Moves a held message to approved or rejected (only from `held`); returns the stored one. */
  decide(id: string, decision: { status: 'approved' | 'rejected'; reviewedBy: string; reviewedAt: string }): Promise<HeldMessage | undefined>;
  /** Records the message an approved one became. */
  linkMessage(id: string, messageId: string): Promise<void>;
  /** The conversation's messages still waiting for review (status `held`), oldest first. */
  listWaiting(conversationId: string): Promise<HeldMessage[]>;
}

export interface AuditFilter {
  conversationId?: string;
  limit: number;
  /** Entry ids sort like time: entries with smaller ids. */
  before?: string;
  action?: string;
  actorId?: string;
  /** ISO 8601, inclusive. */
  from?: string;
  to?: string;
}

/** Append-only: entries are never edited or removed. */
export interface AuditRepository {
  append(entry: AuditEntry): Promise<void>;
  /** The newest `limit` entries that match (older than `before`, an entry id), oldest first. */
  list(filter: AuditFilter): Promise<AuditEntry[]>;
}
