import type { Role } from '../../shared/models.js';

/** Who is on the other end of a socket or request, from a verified token. */
export interface Identity {
  userId: string;
  role: Role;
  name: string;
  programId?: string;
  /** e.g. `nl`, `en-US`: which crisis resources to show. */
  locale?: string;
  /** Token expiry, ms since the epoch. */
  expiresAt: number;
}
