import type { Role } from '../../shared/models.js';

/** A user as last seen in their token: users are known from their tokens, not registered. */
export interface UserRecord {
  id: string;
  role: Role;
  name: string;
  programId?: string;
  /** ISO 8601 */
  lastSeenAt: string;
  /** ISO 8601: the person was erased; their tokens no longer start a session. */
  erasedAt?: string;
}

export interface UserRepository {
  /** Stores the user's latest claims. */
  upsert(user: UserRecord): Promise<void>;
  get(id: string): Promise<UserRecord | undefined>;
  getMany(ids: readonly string[]): Promise<Map<string, UserRecord>>;
}
