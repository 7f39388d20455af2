import { describe, expect, it } from 'vitest';
import type { RequestRecord } from '../../server/matching/matching.repository.js';
import { chooseSpecialist, estimateWaitSec, mayReceiveOffer, orderQueue, publicRequest, queueScore, type FreeSpecialist } from '../../server/matching/queue-rules.js';
import type { RiskLevel } from '../../shared/models.js';
import { profileFields } from '../support/fakes.js';

const T0 = Date.parse('2026-03-02T10:00:00Z');

function request(id: string, fields: Partial<RequestRecord> = {}): RequestRecord {
  return { id, menteeId: `m-${id}`, menteeName: id, topic: 'anxiety', status: 'waiting', risk: 'none', createdAt: new Date(T0).toISOString(), createdAtMs: T0, declinedBy: [], ...fields };
}

function specialist(userId: string, fields: Partial<FreeSpecialist> = {}): FreeSpecialist {
  return { ...profileFields(userId, { maxActiveMentees: 5 }), availability: 'available', blocked: [], active: 0, ...fields };
}

describe('queueScore and orderQueue', () => {
  it('puts crises above everything, imminent before high, however long others waited', () => {
    const old = request('old', { createdAtMs: T0 - 3600_000 });
    const high = request('high', { risk: 'high', createdAtMs: T0 });
    const imminent = request('imminent', { risk: 'imminent', createdAtMs: T0 + 1000 });
    expect(orderQueue([old, high, imminent], T0 + 2000, 60).map((r) => r.id)).toEqual(['imminent', 'high', 'old']);
  });

  it('ages a waiting request one level per ageingSec, never into the crisis band', () => {
    const r = request('r');
    expect(queueScore(r, T0, 60)).toBe(0);
    expect(queueScore(r, T0 + 59_999, 60)).toBe(0);
    expect(queueScore(r, T0 + 60_000, 60)).toBe(1);
    expect(queueScore(r, T0 + 10 * 24 * 3600_000, 60)).toBe(99);
    expect(queueScore(request('c', { risk: 'high' }), T0, 60)).toBeGreaterThan(99);
  });

  it('an earlier ordinary request overtakes a later elevated one once it has waited long enough', () => {
    const early = request('early', { createdAtMs: T0 });
    const later = request('later', { risk: 'elevated', createdAtMs: T0 + 30_000 });
    expect(orderQueue([early, later], T0 + 31_000, 60).map((r) => r.id)).toEqual(['later', 'early']);
    // At two ageing periods the early one ranks above elevated (2 > 1 + 0).
    expect(orderQueue([early, later], T0 + 120_000, 60).map((r) => r.id)).toEqual(['early', 'later']);
  });

  it('breaks ties by waiting time, the longest first', () => {
    const a = request('a', { createdAtMs: T0 + 2 });
    const b = request('b', { createdAtMs: T0 + 1 });
    expect(orderQueue([a, b], T0 + 10, 60).map((r) => r.id)).toEqual(['b', 'a']);
  });

  it.each<[RiskLevel, number]>([
    ['none', 0],
    ['elevated', 1],
  ])('starts %s at %i', (risk, score) => expect(queueScore(request('x', { risk }), T0, 60)).toBe(score));
});

describe('chooseSpecialist', () => {
  it('never offers to someone who declined the request or blocked the mentee', () => {
    const r = request('r', { declinedBy: ['a'] });
    expect(chooseSpecialist(r, [specialist('a'), specialist('b', { blocked: ['m-r'] })])).toBeUndefined();
    expect(chooseSpecialist(r, [specialist('a'), specialist('c')])?.userId).toBe('c');
  });

  it("prefers the mentee's program, else the shared pool only", () => {
    const inProgram = request('r', { programId: 'p1' });
    const pool = [specialist('other', { programId: 'p2' }), specialist('shared'), specialist('own', { programId: 'p1', active: 4 })];
    expect(chooseSpecialist(inProgram, pool)?.userId).toBe('own');
    expect(chooseSpecialist(request('guest'), pool)?.userId).toBe('shared');
    expect(chooseSpecialist(request('guest'), [specialist('other', { programId: 'p2' })])).toBeUndefined();
  });

  it('then language, then specialty, then the lightest caseload', () => {
    const r = request('r', { language: 'en', topic: 'Opioids' });
    const light = specialist('light', { specialties: ['grief'] });
    const topical = specialist('topical', { specialties: ['opioids'], active: 3 });
    const english = specialist('english', { languages: ['en'], specialties: ['grief'], active: 4 });
    expect(chooseSpecialist(r, [light, topical, english])?.userId).toBe('english');
    expect(chooseSpecialist(r, [light, topical])?.userId).toBe('topical');
    expect(chooseSpecialist(r, [light, specialist('busier', { specialties: ['grief'], active: 2 })])?.userId).toBe('light');
  });
});

describe('mayReceiveOffer', () => {
  it('needs available, no pending offer, and office hours', () => {
    const monday10 = Date.parse('2026-03-02T10:00:00+01:00');
    const hours = { timezone: 'Europe/Amsterdam', slots: [{ day: 1, from: '09:00', to: '12:00' }] };
    expect(mayReceiveOffer(specialist('a'), monday10)).toBe(true);
    expect(mayReceiveOffer(specialist('a', { availability: 'busy' }), monday10)).toBe(false);
    expect(mayReceiveOffer(specialist('a', { pendingOffer: 'r1' }), monday10)).toBe(false);
    expect(mayReceiveOffer(specialist('a', { officeHours: hours }), monday10)).toBe(true);
    expect(mayReceiveOffer(specialist('a', { officeHours: hours }), monday10 + 3 * 3600_000)).toBe(false);
  });
});

describe('estimateWaitSec and publicRequest', () => {
  it('shares the queue over the specialists free now', () => {
    expect(estimateWaitSec(1, 0, 120)).toBe(120);
    expect(estimateWaitSec(3, 2, 120)).toBe(240);
    expect(estimateWaitSec(4, 2, 120)).toBe(240);
  });

  it('shows no scheduling fields and not who declined', () => {
    const shown = publicRequest(request('r', { declinedBy: ['x'], offeredTo: 'y', offerExpiresAt: 1, lastPosition: 2, programId: 'p', conversationId: 'c' }));
    expect(Object.keys(shown).sort()).toEqual(['createdAt', 'id', 'menteeId', 'menteeName', 'risk', 'status', 'topic']);
  });
});
