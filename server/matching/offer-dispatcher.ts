import type { Logger } from 'pino';
import type { Clock } from '../core/clock.js';
import type { Notifier } from '../core/notifier.js';
import { Ticker } from '../core/ticker.js';
import { errorForLog } from '../infra/safe-error.js';
import type { Store } from '../store/store.js';
import type { RequestRecord } from './matching.repository.js';
import { chooseSpecialist, estimateWaitSec, mayReceiveOffer, orderQueue, publicRequest, type FreeSpecialist } from './queue-rules.js';

export interface QueueConfig {
  offerTimeoutSec: number;
  /** A waiting request climbs one risk level per this many seconds (below the crisis band). */
  ageingSec: number;
  /** Rough time a match takes, for the mentee's estimate. */
  typicalMatchSec: number;
}

export interface OfferDispatcherDeps {
  store: Store;
  notifier: Notifier;
  clock: Clock;
  log: Logger;
  config: QueueConfig;
}

const PLACES_DEBOUNCE_MS = 500;

/**
 * Offers waiting requests, in queue order, to one free specialist each, and tells waiting mentees
 * their place. Offers are atomic in the store, so two nodes dispatching at once never offer one
 * request twice or one specialist two requests.
 */
export class OfferDispatcher {
  private readonly ticker = new Ticker(() => this.dispatchOnce());
  private announcing: NodeJS.Timeout | undefined;

  constructor(private readonly deps: OfferDispatcherDeps) {}

  /** Runs a dispatch pass now (or once more after the one under way). Never throws. */
  dispatch(): Promise<void> {
    return this.ticker.run();
  }

  async stop(): Promise<void> {
    clearTimeout(this.announcing);
    await this.ticker.stop();
  }

  /** Offers that ran out go back to the queue; the specialist who let one run out becomes busy. */
  async expireOffers(): Promise<void> {
    const { store, clock, notifier } = this.deps;
    for (const expired of await store.requests.expiredOffers(clock.now())) {
      const specialistId = expired.offeredTo!;
      if (!(await store.requests.withdraw(expired.id, specialistId, true))) continue;
      await store.profiles.release(specialistId, expired.id);
      await store.profiles.setAvailability(specialistId, 'busy');
      notifier.toUsers([specialistId], 'support:offerWithdrawn', { requestId: expired.id, reason: 'expired' });
      notifier.toUsers([specialistId], 'availability:changed', { status: 'busy', reason: 'An offer ran out without an answer' });
    }
  }

  /** The request's place in the queue (1 = next) and the estimated wait. */
  async placeOf(requestId: string): Promise<{ position: number; etaSec: number }> {
    const [queue, available] = await Promise.all([this.queue(), this.availableCount()]);
    const position = Math.max(1, queue.findIndex((r) => r.id === requestId) + 1);
    return { position, etaSec: estimateWaitSec(position, available, this.deps.config.typicalMatchSec) };
  }

  private async dispatchOnce() {
    try {
      await this.offerAll();
    } catch (err) {
      this.deps.log.warn({ error: errorForLog(err) }, 'matching dispatch failed');
    }
  }

  private async offerAll() {
    const { store, clock, notifier, config } = this.deps;
    const now = clock.now();
    let free = await this.freeSpecialists(now);
    const queue = free.length > 0 ? await this.queue() : [];
    for (const request of queue) {
      if (free.length === 0) break;
      const candidate = chooseSpecialist(request, free);
      if (!candidate) continue;
      free = free.filter((p) => p.userId !== candidate.userId);
      if (!(await store.profiles.reserve(candidate.userId, request.id))) continue;
      const expiresAt = now + config.offerTimeoutSec * 1000;
      if (!(await store.requests.offer(request.id, candidate.userId, expiresAt))) {
        await store.profiles.release(candidate.userId, request.id);
        // The request went meanwhile (taken elsewhere, cancelled): the specialist is still free.
        free.push(candidate);
        continue;
      }
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
    const { store, notifier, config } = this.deps;
    const [queue, available] = await Promise.all([this.queue(), this.availableCount()]);
    for (const [i, request] of queue.filter((r) => r.status === 'waiting').entries()) {
      const position = i + 1;
      if (request.lastPosition === position) continue;
      await store.requests.setPosition(request.id, position);
      notifier.toUsers([request.menteeId], 'support:queued', { requestId: request.id, position, etaSec: estimateWaitSec(position, available, config.typicalMatchSec) });
    }
  }

  private async queue(): Promise<RequestRecord[]> {
    return orderQueue(await this.deps.store.requests.listOpen(), this.deps.clock.now(), this.deps.config.ageingSec);
  }

  /** Free to receive an offer and under their caseload cap. */
  private async freeSpecialists(now: number): Promise<FreeSpecialist[]> {
    const { store } = this.deps;
    const profiles = (await store.profiles.list()).filter((p) => mayReceiveOffer(p, now));
    const counts = await Promise.all(profiles.map((p) => store.mentorships.countActive(p.userId)));
    return profiles.map((p, i) => ({ ...p, active: counts[i]! })).filter((p) => p.active < p.maxActiveMentees);
  }

  private async availableCount(): Promise<number> {
    return (await this.freeSpecialists(this.deps.clock.now())).length;
  }
}
