import type { Identity } from '../auth/identity.js';
import type { Clock } from '../core/clock.js';
import type { UserRepository } from './user.repository.js';

/** Users are known from their tokens: each connection records the latest claims. */
export class UserService {
  constructor(private readonly deps: { users: UserRepository; clock: Clock }) {}

  async remember(identity: Identity): Promise<void> {
    await this.deps.users.upsert({
      id: identity.userId,
      role: identity.role,
      name: identity.name,
      ...(identity.programId ? { programId: identity.programId } : {}),
      lastSeenAt: new Date(this.deps.clock.now()).toISOString(),
    });
  }
}
