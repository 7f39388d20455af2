import type { Logger } from 'pino';
import type { Notifier } from '../core/notifier.js';
import type { Store } from '../store/store.js';
import type { PresenceTracker } from './presence.tracker.js';

export interface PresenceServiceDeps {
  tracker: PresenceTracker;
  store: Store;
  notifier: Notifier;
  log: Logger;
}

/** Online while any socket of the user is connected; partners hear of each change. */
export class PresenceService {
  constructor(private readonly deps: PresenceServiceDeps) {
    deps.tracker.watch?.((userId, online) => {
      this.announce(userId, online).catch(() => deps.log.debug({ userId }, 'presence announcement failed'));
    });
  }

  async connected(userId: string, socketId: string): Promise<void> {
    if (await this.deps.tracker.add(userId, socketId)) await this.announce(userId, true);
  }

  /** true when the user has no socket left anywhere. */
  async disconnected(userId: string, socketId: string): Promise<boolean> {
    const wentOffline = await this.deps.tracker.remove(userId, socketId);
    if (wentOffline) await this.announce(userId, false);
    return wentOffline;
  }

  private async announce(userId: string, online: boolean) {
    const contacts = await this.deps.store.conversations.contactsOf(userId);
    if (contacts.length > 0) this.deps.notifier.toUsers(contacts, 'presence:changed', { userId, online });
  }
}
