import { AppError, ErrorCode } from '../../shared/errors.js';
import type { CommandResults } from '../../shared/commands.js';
import type { Availability, SpecialistProfile } from '../../shared/models.js';
import type { Identity } from '../auth/identity.js';
import { isStaff, requireRole } from '../auth/roles.js';
import type { Clock } from '../core/clock.js';
import type { Notifier } from '../core/notifier.js';
import type { PresenceTracker } from '../presence/presence.tracker.js';
import type { Store } from '../store/store.js';
import type { ProfileFields, ProfileRecord } from './matching.repository.js';
import { nextOfficeHoursStart, withinOfficeHours } from './office-hours.js';

/** Told whenever a specialist may have become free for an offer. */
export interface OfferQueue {
  dispatch(): Promise<void>;
}

export interface SpecialistServiceDeps {
  store: Store;
  notifier: Notifier;
  presence: PresenceTracker;
  clock: Clock;
  queue: OfferQueue;
  /** How long a specialist with no socket on any node stays available. */
  availabilityGraceSec: number;
}

/** Peer specialists' listings and their declared availability, kept honest by shared presence. */
export class SpecialistService {
  constructor(private readonly deps: SpecialistServiceDeps) {}

  async putProfile(user: Identity, fields: Omit<ProfileFields, 'userId' | 'programId'>): Promise<SpecialistProfile> {
    requireRole(user, 'specialist', 'Only peer specialists have a profile');
    const record = await this.deps.store.profiles.upsert({ ...fields, userId: user.userId, ...(user.programId ? { programId: user.programId } : {}) });
    return this.publicView(record, true);
  }

  async listProfiles(viewer: Identity): Promise<SpecialistProfile[]> {
    const profiles = await this.deps.store.profiles.list();
    return Promise.all(profiles.map((p) => this.publicView(p, isStaff(viewer) || p.userId === viewer.userId)));
  }

  async setAvailability(user: Identity, status: Availability): Promise<CommandResults['availability:set']> {
    requireRole(user, 'specialist', 'Only peer specialists declare availability');
    const { store, notifier, queue } = this.deps;
    const updated = await store.profiles.setAvailability(user.userId, status);
    if (!updated) throw new AppError(ErrorCode.NOT_FOUND, 'Create your profile first (PUT /api/specialists/me)');
    if (status !== 'available' && updated.pendingOffer) {
      // Going busy or offline hands a pending offer straight to the next specialist.
      const requestId = updated.pendingOffer;
      await store.requests.withdraw(requestId, user.userId, false);
      await store.profiles.release(user.userId, requestId);
      notifier.toUsers([user.userId], 'support:offerWithdrawn', { requestId, reason: 'cancelled' });
    }
    void queue.dispatch();
    return { status };
  }

  /** Whether anyone could take a request now (available and within office hours), caseloads aside. */
  async anyoneAvailable(): Promise<boolean> {
    const now = this.deps.clock.now();
    return (await this.deps.store.profiles.list()).some((p) => p.availability === 'available' && withinOfficeHours(p.officeHours, now));
  }

  /** A specialist's socket connected: a pending disconnect no longer counts. */
  async connected(user: Identity): Promise<void> {
    if (user.role === 'specialist') await this.deps.store.profiles.setDisconnectedAt(user.userId, undefined);
  }

  /** A specialist's last socket went: after the grace period they are offline, unless back by then. */
  async disconnected(user: Identity): Promise<void> {
    if (user.role === 'specialist') await this.deps.store.profiles.setDisconnectedAt(user.userId, this.deps.clock.now());
  }

  /**
   * Whoever declared themselves available or busy but has no socket on any node (shared presence,
   * so a dead node's users too) is on the clock; past the grace period they go offline.
   */
  async lapseDisconnected(): Promise<void> {
    const { store, presence, clock, availabilityGraceSec } = this.deps;
    const now = clock.now();
    const declared = (await store.profiles.list()).filter((p) => p.availability !== 'offline');
    const online = await presence.onlineAmong(declared.map((p) => p.userId));
    for (const p of declared) {
      if (online.has(p.userId)) {
        if (p.disconnectedAt !== undefined) await store.profiles.setDisconnectedAt(p.userId, undefined);
      } else if (p.disconnectedAt === undefined) {
        await store.profiles.setDisconnectedAt(p.userId, now);
      } else if (now - p.disconnectedAt >= availabilityGraceSec * 1000) {
        await store.profiles.setAvailability(p.userId, 'offline');
        await store.profiles.setDisconnectedAt(p.userId, undefined);
      }
    }
  }

  private async publicView(p: ProfileRecord, full: boolean): Promise<SpecialistProfile> {
    const backAt = nextOfficeHoursStart(p.officeHours, this.deps.clock.now());
    const view: SpecialistProfile = {
      userId: p.userId,
      displayName: p.displayName,
      bio: p.bio,
      specialties: p.specialties,
      languages: p.languages,
      certified: p.certified,
      engagement: p.engagement,
      availability: p.availability,
      ...(p.officeHours ? { officeHours: p.officeHours } : {}),
      ...(backAt !== undefined ? { backAt: new Date(backAt).toISOString() } : {}),
    };
    if (full) {
      view.maxActiveMentees = p.maxActiveMentees;
      view.activeMentees = await this.deps.store.mentorships.countActive(p.userId);
      if (p.programId) view.programId = p.programId;
    }
    return view;
  }
}
