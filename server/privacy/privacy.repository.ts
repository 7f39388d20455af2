import type { AccessLogEntry, ConversationKind, Message } from '../../shared/models.js';
import type { RequestRecord } from '../matching/matching.repository.js';
import type { Standing } from '../moderation/moderation.repository.js';

export interface AccessLogFilter {
  subjectId?: string;
  actorId?: string;
  /** ISO 8601 bounds on `at`. */
  from?: string;
  to?: string;
  /** Entries older than this id (ids sort like time). */
  before?: string;
  limit: number;
}

/** Who read whose data and why: append-only, newest first when listed. */
export interface AccessLogRepository {
  append(entry: AccessLogEntry): Promise<void>;
  list(filter: AccessLogFilter): Promise<AccessLogEntry[]>;
}

/** What erasing a person changed. */
export interface ErasureCounts {
  messages: number;
  held: number;
  requests: number;
}

/** Everything about one person, across the records, for export and erasure. */
export interface PersonalDataRepository {
  /** The messages they wrote, oldest first. */
  messagesBy(senderId: string): Promise<Message[]>;
  requestsOf(menteeId: string): Promise<RequestRecord[]>;
  standingsOf(userId: string): Promise<Standing[]>;
  /**
   * Erases them: their messages and held messages keep their place but lose their body and carry
   * `name`; their support requests (with notes), profile and contact are deleted; their user record
   * takes `name` and `erasedAt`.
   */
  erase(userId: string, name: string, at: string): Promise<ErasureCounts>;
}

/** Retention: old messages and closed escalations go, on one node a day. */
export interface RetentionRepository {
  /** True for exactly one caller once the last run is `everyMs` old (a lease guards a run in progress). */
  claimRun(now: number, nodeId: string, everyMs: number, leaseMs: number): Promise<boolean>;
  /**
   * Deletes up to `limit` messages of conversations of `kind` created before `cutoff` (ISO), never a
   * conversation's newest (the next seq follows it); seqs are not reused. Answers how many went.
   */
  purgeMessages(kind: ConversationKind, cutoff: string, limit: number): Promise<number>;
  /** Deletes up to `limit` resolved escalations resolved before `cutoff` (ISO). */
  purgeEscalations(cutoff: string, limit: number): Promise<number>;
}
