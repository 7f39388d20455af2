import type { Logger } from 'pino';
import type { Identity } from '../auth/identity.js';
import type { TypingService } from '../conversations/typing.service.js';
import { errorForLog } from '../infra/safe-error.js';
import type { SpecialistService } from '../matching/specialist.service.js';
import type { PresenceService } from '../presence/presence.service.js';
import type { UserService } from '../users/user.service.js';

export interface SessionLifecycleDeps {
  users: UserService;
  presence: PresenceService;
  specialists: SpecialistService;
  typing: TypingService;
}

/**
 * What a connection means beyond its commands: the user record, presence, a specialist's
 * availability, typing left behind. Bookkeeping failures (a store outage) are logged and never
 * cost the user their connection.
 */
export class SessionLifecycle {
  constructor(private readonly deps: SessionLifecycleDeps) {}

  /** A socket connected; the returned function is called once it disconnects, and settles when its bookkeeping is done. */
  opened(user: Identity, socketId: string, log: Logger): () => Promise<void> {
    const { users, presence, specialists, typing } = this.deps;
    const warn = (what: string) => (err: unknown) => log.warn({ error: errorForLog(err) }, what);
    users.remember(user).catch(warn('could not record user'));
    const online = presence.connected(user.userId, socketId).catch(warn('presence update failed'));
    specialists.connected(user).catch(warn('availability update failed'));
    return () =>
      online
        .then(() => presence.disconnected(user.userId, socketId))
        .then(async (offline) => {
          if (!offline) return;
          typing.clearUser(user.userId);
          await specialists.disconnected(user);
        })
        .catch(warn('presence update failed'));
  }
}
