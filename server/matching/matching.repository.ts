import type { Availability, SpecialistProfile, SupportRequest } from '../../shared/models.js';

/** A profile as stored: with the operational state that is never listed. */
export interface ProfileRecord extends Omit<SpecialistProfile, 'availability' | 'backAt' | 'activeMentees' | 'maxActiveMentees'> {
  maxActiveMentees: number;
  availability: Availability;
  /** When the specialist's last socket went (ms since the epoch); cleared on reconnect. */
  disconnectedAt?: number;
  /** The request currently offered to them: one at a time. */
  pendingOffer?: string;
  /** Mentees who may not request them again. */
  blocked: string[];
}

export type ProfileFields = Omit<ProfileRecord, 'availability' | 'disconnectedAt' | 'pendingOffer' | 'blocked'>;

export interface ProfileRepository {
  /** Creates or updates the listing; availability and operational state are kept (new: offline). */
  upsert(fields: ProfileFields): Promise<ProfileRecord>;
  get(userId: string): Promise<ProfileRecord | undefined>;
  list(): Promise<ProfileRecord[]>;
  setAvailability(userId: string, status: Availability): Promise<ProfileRecord | undefined>;
  setDisconnectedAt(userId: string, at: number | undefined): Promise<void>;
  /** Reserves the specialist for one offer; false when another offer is pending. */
  reserve(userId: string, requestId: string): Promise<boolean>;
  /** Frees the reservation for that request (only that one). */
  release(userId: string, requestId: string): Promise<void>;
  block(userId: string, menteeId: string): Promise<void>;
}

/** A request as stored. */
export interface RequestRecord extends SupportRequest {
  programId?: string;
  createdAtMs: number;
  offeredTo?: string;
  offerExpiresAt?: number;
  declinedBy: string[];
  /** The place last told to the mentee. */
  lastPosition?: number;
  /** A conversation opened for a request whose note signalled a crisis. */
  conversationId?: string;
}

export interface RequestRepository {
  /** At most one open (waiting or offered) request per mentee: a second returns the first. */
  createIfNoneOpen(request: RequestRecord): Promise<{ request: RequestRecord; created: boolean }>;
  get(id: string): Promise<RequestRecord | undefined>;
  listOpen(): Promise<RequestRecord[]>;
  /** waiting → offered to the specialist until `expiresAt`; false when it was not waiting. */
  offer(id: string, specialistId: string, expiresAt: number): Promise<boolean>;
  /** offered to this specialist and not expired → matched. */
  accept(id: string, specialistId: string, now: number): Promise<RequestRecord | undefined>;
  setMentorship(id: string, mentorshipId: string): Promise<void>;
  /** offered to this specialist → waiting again; `declined` remembers not to offer it to them again. */
  withdraw(id: string, specialistId: string, declined: boolean): Promise<RequestRecord | undefined>;
  /** waiting or offered → cancelled, by its mentee. */
  cancel(id: string, menteeId: string): Promise<RequestRecord | undefined>;
  /** Offers past their expiry. */
  expiredOffers(now: number): Promise<RequestRecord[]>;
  setPosition(id: string, position: number): Promise<void>;
}
