import type { MentorshipCursor } from '../../shared/http.js';
import type { Mentorship } from '../../shared/models.js';

export interface ActiveMentorshipFilter {
  menteeId?: string;
  specialistId?: string;
  /** Only those created before this one (by creation time, then id). */
  before?: MentorshipCursor;
  limit: number;
}

export interface MentorshipRepository {
  /** Stores a new active mentorship; returns the existing one when the pair already has an active mentorship. */
  createIfNoneActive(mentorship: Mentorship): Promise<{ mentorship: Mentorship; created: boolean }>;
  get(id: string): Promise<Mentorship | undefined>;
  /** How many active mentorships the specialist holds (the caseload). */
  countActive(specialistId: string): Promise<number>;
  /** Marks it ended (once); returns the stored mentorship. */
  end(id: string, endedAt: string, endedBy: string): Promise<Mentorship | undefined>;
  /** Active mentorships matching the filter, newest first (creation time, then id, both descending), at most `limit`. */
  listActive(filter: ActiveMentorshipFilter): Promise<Mentorship[]>;
}
