import { riskRank } from '../../shared/models.js';
import type { ProfileRecord, RequestRecord } from './matching.repository.js';
import { withinOfficeHours } from './office-hours.js';

/** A specialist who could take an offer now, with their current caseload. */
export type FreeSpecialist = ProfileRecord & { active: number };

const CRISIS_BAND = 100;

/**
 * A request's priority: crises (high and imminent) above everything, by severity; below them,
 * risk climbs one level for every `ageingSec` waited, so nobody waits forever behind newer, riskier ones.
 */
export function queueScore(request: Pick<RequestRecord, 'risk' | 'createdAtMs'>, now: number, ageingSec: number): number {
  const rank = riskRank(request.risk);
  if (rank >= riskRank('high')) return CRISIS_BAND + rank;
  return Math.min(CRISIS_BAND - 1, rank + Math.floor((now - request.createdAtMs) / (ageingSec * 1000)));
}

/** Open requests in the order they are served: by score, then the longest waiting first. */
export function orderQueue(open: readonly RequestRecord[], now: number, ageingSec: number): RequestRecord[] {
  const scored = open.map((request) => ({ request, score: queueScore(request, now, ageingSec) }));
  scored.sort((a, b) => b.score - a.score || a.request.createdAtMs - b.request.createdAtMs);
  return scored.map((s) => s.request);
}

/** Available, within office hours, and without an offer pending (the caseload is checked apart). */
export function mayReceiveOffer(profile: ProfileRecord, now: number): boolean {
  return profile.availability === 'available' && !profile.pendingOffer && withinOfficeHours(profile.officeHours, now);
}

/**
 * Who gets the offer: never someone who declined it or blocked the mentee; the mentee's program
 * first, else the shared pool (specialists of no program); within it the request's language, then
 * its topic among the specialties, then the lightest caseload.
 */
export function chooseSpecialist(request: RequestRecord, free: readonly FreeSpecialist[]): FreeSpecialist | undefined {
  const eligible = free.filter((p) => !request.declinedBy.includes(p.userId) && !p.blocked.includes(request.menteeId));
  const ofProgram = request.programId ? eligible.filter((p) => p.programId === request.programId) : [];
  const pool = ofProgram.length > 0 ? ofProgram : eligible.filter((p) => !p.programId);
  const topic = request.topic.toLowerCase();
  const fit = (p: FreeSpecialist) => (request.language && p.languages.includes(request.language) ? 2 : 0) + (p.specialties.some((s) => s.toLowerCase() === topic) ? 1 : 0);
  return [...pool].sort((a, b) => fit(b) - fit(a) || a.active - b.active)[0];
}

/** A rough wait for the mentee at `position`: rounds of matches, shared over the specialists free now. */
export function estimateWaitSec(position: number, available: number, typicalMatchSec: number): number {
  return Math.ceil(position / Math.max(1, available)) * typicalMatchSec;
}

/** What a request shows its mentee and the specialist offered it: never the scheduling fields or who declined it. */
export function publicRequest(r: RequestRecord) {
  const { programId: _p, createdAtMs: _c, offeredTo: _o, offerExpiresAt: _e, declinedBy: _d, lastPosition: _l, conversationId: _v, ...request } = r;
  return request;
}
