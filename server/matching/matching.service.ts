import type { Logger } from 'pino';
import { AppError, ErrorCode } from '../../shared/errors.js';
import type { CommandPayload, CommandResults, SupportNotice } from '../../shared/commands.js';
import { RISK_LEVELS, type Availability, type SpecialistProfile } from '../../shared/models.js';
import type { Identity } from '../auth/identity.js';
import type { Clock } from '../core/clock.js';
import { newId } from '../core/ids.js';
import type { Notifier } from '../core/notifier.js';
import type { EscalationService } from '../escalation/escalation.service.js';
import { errorForLog } from '../infra/safe-error.js';
import type { MentorshipService } from '../mentorships/mentorship.service.js';
import { STAFF } from '../moderation/moderators.js';
import type { PresenceTracker } from '../presence/presence.tracker.js';
import type { CrisisResources } from '../safety/crisis-resources.js';
import type { RiskAssessor } from '../safety/risk-assessor.js';
import type { Store } from '../store/store.js';
import type { ProfileFields, ProfileRecord, RequestRecord } from './matching.repository.js';
import { nextOfficeHoursStart, withinOfficeHours } from './office-hours.js';

export interface MatchingConfig {
  offerTimeoutSec: number;
  availabilityGraceSec: number;
  /** A waiting request climbs one risk level per this many seconds (below the crisis band). */
  ageingSec: number;
  /** Rough time a match takes, for the mentee's estimate. */
  typicalMatchSec: number;
}

export interface MatchingServiceDeps {
  store: Store;
  notifier: Notifier;
  presence: PresenceTracker;
  mentorships: MentorshipService;
  escalations: EscalationService;
  assessor: RiskAssessor;
  resources: CrisisResources;
  clock: Clock;
  log: Logger;
  config: MatchingConfig;
}

const riskRank = (level: string) => RISK_LEVELS.indexOf(level as (typeof RISK_LEVELS)[number]);
const PLACES_DEBOUNCE_MS = 500;

/**
 * The self-service path: specialists declare availability, mentees ask, the queue offers each
 * request to one specialist at a time. Offers and acceptances are atomic in the store, so two
 * specialists can never both win a request, whichever nodes they are on.
 */
export class MatchingService {
  private dispatching: Promise<void> | undefined;
  private dispatchAgain = false;
  private timer: NodeJS.Timeout | undefined;
  private announcing: NodeJS.Timeout | undefined;

  constructor(private readonly deps: MatchingServiceDeps) {}

  async putProfile(user: Identity, fields: Omit<ProfileFields, 'userId' | 'programId'>): Promise<SpecialistProfile> {
    if (user.role !== 'specialist') throw new AppError(ErrorCode.FORBIDDEN, 'Only peer specialists have a profile');
    const record = await this.deps.store.profiles.upsert({ ...fields, userId: user.userId, ...(user.programId ? { programId: user.programId } : {}) });
    return this.publicView(record, true);
  }

  async listProfiles(viewer: Identity): Promise<SpecialistProfile[]> {
    const profiles = await this.deps.store.profiles.list();
    const staff = STAFF.has(viewer.role);
    return Promise.all(profiles.map((p) => this.publicView(p, staff || p.userId === viewer.userId)));
  }

  async setAvailability(user: Identity, status: Availability): Promise<CommandResults['availability:set']> {
    if (user.role !== 'specialist') throw new AppError(ErrorCode.FORBIDDEN, 'Only peer specialists declare availability');
    const updated = await this.deps.store.profiles.setAvailability(user.userId, status);
    if (!updated) throw new AppError(ErrorCode.NOT_FOUND, 'Create your profile first (PUT /api/specialists/me)');
    if (status !== 'available' && updated.pendingOffer) {
      // Going busy or offline hands a pending offer straight to the next specialist.
      const requestId = updated.pendingOffer;
      await this.deps.store.requests.withdraw(requestId, user.userId, false);
      await this.deps.store.profiles.release(user.userId, requestId);
      this.deps.notifier.toUsers([user.userId], 'support:offerWithdrawn', { requestId, reason: 'cancelled' });
    }
    void this.dispatch();
    return { status };
  }

  /** A specialist's socket connected: a pending disconnect no longer counts. */
  async connected(user: Identity): Promise<void> {
    if (user.role === 'specialist') await this.deps.store.profiles.setDisconnectedAt(user.userId, undefined);
  }

  /** A specialist's last socket went: after the grace period they are offline, unless back by then. */
  async disconnected(user: Identity): Promise<void> {
    if (user.role === 'specialist') await this.deps.store.profiles.setDisconnectedAt(user.userId, this.deps.clock.now());
  }

  async request(user: Identity, input: CommandPayload<'support:request'>): Promise<CommandResults['support:request']> {
    if (user.role !== 'mentee') throw new AppError(ErrorCode.FORBIDDEN, 'Only mentees ask for a peer specialist');
    const { store, clock } = this.deps;
    const now = clock.now();
    const assessment = input.note ? this.deps.assessor.assess(input.note) : undefined;
    const risk = assessment?.level ?? 'none';
    const record: RequestRecord = {
      id: newId(),
      menteeId: user.userId,
      menteeName: user.name,
      topic: input.topic,
      status: 'waiting',
      risk,
      createdAt: new Date(now).toISOString(),
      createdAtMs: now,
      declinedBy: [],
      ...(input.language ? { language: input.language } : {}),
      ...(input.note ? { note: input.note } : {}),
      ...(user.programId ? { programId: user.programId } : {}),
    };
    const { request, created } = await store.requests.createIfNoneOpen(record);
    if (created && assessment && (risk === 'high' || risk === 'imminent')) {
      // A crisis in the note: a conversation where a clinician can reach the mentee, and an escalation.
      const conversationId = newId();
      await store.conversations.create(
        { id: conversationId, kind: 'support', status: 'active', createdAt: request.createdAt, contactPolicy: 'hold' },
        [{ conversationId, userId: user.userId, role: 'mentee', lastReadSeq: 0, joinedAt: request.createdAt }],
      );
      const conversation = (await store.conversations.get(conversationId))!;
      await this.deps.escalations.onRequest(user, conversation, assessment, input.note!);
    }
    await this.dispatch();
    const queue = await this.queue();
    const position = Math.max(1, queue.findIndex((r) => r.id === request.id) + 1);
    const result: CommandResults['support:request'] = { request: publicRequest(request), position, etaSec: this.eta(position, await this.availableCount()) };
    const notice = await this.noticeIfNobody(user);
    if (notice) result.notice = notice;
    return result;
  }

  async cancel(user: Identity, requestId: string): Promise<CommandResults['support:cancel']> {
    const cancelled = await this.deps.store.requests.cancel(requestId, user.userId);
    if (!cancelled) throw new AppError(ErrorCode.NOT_FOUND, 'No open request of yours with this id');
    if (cancelled.offeredTo) {
      await this.deps.store.profiles.release(cancelled.offeredTo, cancelled.id);
      this.deps.notifier.toUsers([cancelled.offeredTo], 'support:offerWithdrawn', { requestId, reason: 'cancelled' });
    }
    void this.dispatch();
    return { request: publicRequest(cancelled) };
  }

  async accept(user: Identity, requestId: string): Promise<CommandResults['support:accept']> {
    const { store, clock, notifier } = this.deps;
    const accepted = await store.requests.accept(requestId, user.userId, clock.now());
    if (!accepted) throw new AppError(ErrorCode.ALREADY_CLAIMED, 'This request is not (or no longer) offered to you');
    await store.profiles.release(user.userId, requestId);
    const { mentorship, conversation } = await this.deps.mentorships.create({ menteeId: accepted.menteeId, specialistId: user.userId }, user.userId);
    await store.requests.setMentorship(requestId, mentorship.id);
    const [forMentee] = await this.deps.mentorships.summaries(mentorship, accepted.menteeId);
    notifier.toUsers([accepted.menteeId], 'support:matched', { mentorship, conversation: forMentee! });
    notifier.toUsers([user.userId], 'support:matched', { mentorship, conversation });
    void this.dispatch();
    return { mentorship, conversation };
  }

  async decline(user: Identity, requestId: string): Promise<CommandResults['support:decline']> {
    const withdrawn = await this.deps.store.requests.withdraw(requestId, user.userId, true);
    if (!withdrawn) throw new AppError(ErrorCode.NOT_FOUND, 'This request is not offered to you');
    await this.deps.store.profiles.release(user.userId, requestId);
    void this.dispatch();
    return {};
  }

  async endMentorship(user: Identity, input: CommandPayload<'mentorship:end'>): Promise<CommandResults['mentorship:end']> {
    const mentorship = await this.deps.mentorships.endOwn(user, input.mentorshipId);
    if (input.block) {
      if (user.userId !== mentorship.specialistId) throw new AppError(ErrorCode.FORBIDDEN, 'Only the specialist can block a mentee from requesting them again');
      await this.deps.store.profiles.block(user.userId, mentorship.menteeId);
    }
    void this.dispatch();
    return { mentorship };
  }

  start(tickMs: number): void {
    this.timer = setInterval(() => void this.tick(), tickMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    clearTimeout(this.announcing);
    await this.dispatching;
  }

  /** Expired offers go to the next specialist (the one who let it run out becomes busy); long disconnects go offline. */
  async tick(): Promise<void> {
    const { store, clock, notifier, presence, config, log } = this.deps;
    try {
      const now = clock.now();
      for (const expired of await store.requests.expiredOffers(now)) {
        const specialistId = expired.offeredTo!;
        if (!(await store.requests.withdraw(expired.id, specialistId, true))) continue;
        await store.profiles.release(specialistId, expired.id);
        await store.profiles.setAvailability(specialistId, 'busy');
        notifier.toUsers([specialistId], 'support:offerWithdrawn', { requestId: expired.id, reason: 'expired' });
        notifier.toUsers([specialistId], 'availability:changed', { status: 'busy', reason: 'An offer ran out without an answer' });
      }
      // Whoever has no socket on any node (shared presence; a dead node's lapse too) is on the clock.
      const declared = (await store.profiles.list()).filter((p) => p.availability !== 'offline');
      const online = await presence.onlineAmong(declared.map((p) => p.userId));
      for (const p of declared) {
        if (online.has(p.userId)) {
          if (p.disconnectedAt !== undefined) await store.profiles.setDisconnectedAt(p.userId, undefined);
        } else if (p.disconnectedAt === undefined) {
          await store.profiles.setDisconnectedAt(p.userId, now);
        } else if (now - p.disconnectedAt >= config.availabilityGraceSec * 1000) {
          await store.profiles.setAvailability(p.userId, 'offline');
          await store.profiles.setDisconnectedAt(p.userId, undefined);
        }
      }
      await this.dispatch();
    } catch (err) {
      log.warn({ error: errorForLog(err) }, 'matching tick failed');
    }
  }

  /** Offers waiting requests, in queue order, to the best free specialist each; tells mentees their place. */
  dispatch(): Promise<void> {
    if (this.dispatching) {
      this.dispatchAgain = true;
      return this.dispatching;
    }
    this.dispatching = (async () => {
      do {
        this.dispatchAgain = false;
        try {
          await this.dispatchOnce();
        } catch (err) {
          this.deps.log.warn({ error: errorForLog(err) }, 'matching dispatch failed');
        }
      } while (this.dispatchAgain);
    })().finally(() => (this.dispatching = undefined));
    return this.dispatching;
  }

  private async dispatchOnce() {
    const { store, clock, notifier, config } = this.deps;
    const now = clock.now();
    let free = await this.freeSpecialists(now);
    const queue = free.length > 0 ? await this.queue() : [];
    for (const request of queue) {
      if (free.length === 0) break;
      const candidate = this.choose(request, free);
      if (!candidate) continue;
      if (!(await store.profiles.reserve(candidate.userId, request.id))) {
        free = free.filter((p) => p.userId !== candidate.userId);
        continue;
      }
      const expiresAt = now + config.offerTimeoutSec * 1000;
      if (!(await store.requests.offer(request.id, candidate.userId, expiresAt))) {
        await store.profiles.release(candidate.userId, request.id);
        continue;
      }
      free = free.filter((p) => p.userId !== candidate.userId);
      notifier.toUsers([candidate.userId], 'support:offered', { request: publicRequest({ ...request, status: 'offered' }), expiresAt: new Date(expiresAt).toISOString() });
    }
    // Places are told a moment later, together: never in the way of the next offer.
    this.announcing ??= setTimeout(() => {
      this.announcing = undefined;
      this.announcePlaces().catch((err) => this.deps.log.warn({ error: errorForLog(err) }, 'could not announce queue places'));
    }, PLACES_DEBOUNCE_MS);
  }

  /** Tells waiting mentees their place, when it changed. */
  private async announcePlaces() {
    const { store, notifier } = this.deps;
    const waiting = (await this.queue()).filter((r) => r.status === 'waiting');
    const available = await this.availableCount();
    for (const [i, request] of waiting.entries()) {
      const position = i + 1;
      if (request.lastPosition === position) continue;
      await store.requests.setPosition(request.id, position);
      notifier.toUsers([request.menteeId], 'support:queued', { requestId: request.id, position, etaSec: this.eta(position, available) });
    }
  }

  /** Open requests in the order they are served: crises first, then risk with ageing, then waiting time. */
  private async queue(): Promise<RequestRecord[]> {
    const now = this.deps.clock.now();
    const ageingMs = this.deps.config.ageingSec * 1000;
    const score = (r: RequestRecord) => {
      const rank = riskRank(r.risk);
      if (rank >= riskRank('high')) return 100 + rank;
      return Math.min(99, rank + Math.floor((now - r.createdAtMs) / ageingMs));
    };
    const open = await this.deps.store.requests.listOpen();
    return open.sort((a, b) => score(b) - score(a) || a.createdAtMs - b.createdAtMs);
  }

  /** Available, within office hours, under their caseload cap, and without an offer pending. */
  private async freeSpecialists(now: number): Promise<Array<ProfileRecord & { active: number }>> {
    const profiles = (await this.deps.store.profiles.list()).filter((p) => p.availability === 'available' && !p.pendingOffer && withinOfficeHours(p.officeHours, now));
    const counts = await Promise.all(profiles.map((p) => this.deps.store.mentorships.countActive(p.userId)));
    return profiles.map((p, i) => ({ ...p, active: counts[i]! })).filter((p) => p.active < p.maxActiveMentees);
  }

  /** Program first, then the shared pool; within it, language, then specialty, then the lightest caseload. */
  private choose(request: RequestRecord, free: Array<ProfileRecord & { active: number }>) {
    const eligible = free.filter((p) => !request.declinedBy.includes(p.userId) && !p.blocked.includes(request.menteeId));
    const ofProgram = request.programId ? eligible.filter((p) => p.programId === request.programId) : [];
    const pool = ofProgram.length > 0 ? ofProgram : eligible.filter((p) => !p.programId);
    const topic = request.topic.toLowerCase();
    const score = (p: ProfileRecord & { active: number }) =>
      (request.language && p.languages.includes(request.language) ? 2 : 0) + (p.specialties.some((s) => s.toLowerCase() === topic) ? 1 : 0);
    return [...pool].sort((a, b) => score(b) - score(a) || a.active - b.active)[0];
  }

  private async availableCount(): Promise<number> {
    return (await this.freeSpecialists(this.deps.clock.now())).length;
  }

  private eta(position: number, available: number): number {
    return Math.ceil(position / Math.max(1, available)) * this.deps.config.typicalMatchSec;
  }

  /** When no specialist is available at all: an honest message and the crisis resources. */
  private async noticeIfNobody(user: Identity): Promise<SupportNotice | undefined> {
    const profiles = await this.deps.store.profiles.list();
    if (profiles.some((p) => p.availability === 'available' && withinOfficeHours(p.officeHours, this.deps.clock.now()))) return undefined;
    return {
      message:
        'No peer specialist is available right now. Your request stays in the queue and you will hear as soon as someone can take it. ' +
        'If you need help now, these services are there for you:',
      resources: this.deps.resources.for(user.locale),
    };
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

/** What a request shows: never the scheduling fields or who declined it. */
function publicRequest(r: RequestRecord) {
  const { programId: _p, createdAtMs: _c, offeredTo: _o, offerExpiresAt: _e, declinedBy: _d, lastPosition: _l, conversationId: _v, ...request } = r;
  return request;
}
