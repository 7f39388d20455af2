import type { HttpResults, ShiftInput } from '../../shared/http.js';
import { AppError, ErrorCode } from '../../shared/errors.js';
import type { ClinicianContact, OnCallShift } from '../../shared/models.js';
import type { AuditLog } from '../audit/audit-log.js';
import { requireRole, requireStaff } from '../auth/roles.js';
import type { Identity } from '../auth/identity.js';
import type { Clock } from '../core/clock.js';
import { newId } from '../core/ids.js';
import { validationError } from '../core/validation.js';
import type { PresenceTracker } from '../presence/presence.tracker.js';
import type { Store } from '../store/store.js';
import { currentPolicy } from './escalation.policy.js';

export interface OnCallServiceDeps {
  store: Store;
  presence: PresenceTracker;
  audit: AuditLog;
  clock: Clock;
}

const WEEK_MS = 7 * 24 * 3600 * 1000;

/** Stored on-call shifts (admins plan them), clinicians' own contact, and who is on call now and next. */
export class OnCallService {
  constructor(private readonly deps: OnCallServiceDeps) {}

  async addShift(actor: Identity, input: ShiftInput): Promise<OnCallShift> {
    requireRole(actor, 'admin', 'Only admins plan on-call shifts');
    const { store, audit, clock } = this.deps;
    if (input.tier) {
      const policy = await currentPolicy(store);
      if (!policy.tiers.some((t) => t.target === 'on-call' && t.name === input.tier)) {
        throw validationError([{ path: 'tier', message: 'Must name an on-call tier of the escalation policy' }]);
      }
    }
    const shift: OnCallShift = {
      id: newId(),
      userId: input.userId,
      from: new Date(input.from).toISOString(),
      to: new Date(input.to).toISOString(),
      ...(input.tier ? { tier: input.tier } : {}),
      createdBy: actor.userId,
      createdAt: new Date(clock.now()).toISOString(),
    };
    await store.shifts.create(shift);
    await audit.record({ actorId: actor.userId, action: 'shift.created', targetUserId: shift.userId, details: { shiftId: shift.id, from: shift.from, to: shift.to } });
    return shift;
  }

  async shifts(actor: Identity, query: { from?: string; to?: string }): Promise<HttpResults['GET /api/oncall/shifts']['shifts']> {
    requireStaff(actor, 'see on-call shifts');
    const from = query.from ? Date.parse(query.from) : this.deps.clock.now();
    const to = query.to ? Date.parse(query.to) : from + WEEK_MS;
    const shifts = await this.deps.store.shifts.overlapping(from, to);
    const users = await this.deps.store.users.getMany([...new Set(shifts.map((s) => s.userId))]);
    return shifts.map((s) => ({ ...s, ...(users.get(s.userId)?.name ? { name: users.get(s.userId)!.name } : {}) }));
  }

  async removeShift(actor: Identity, id: string): Promise<OnCallShift> {
    requireRole(actor, 'admin', 'Only admins plan on-call shifts');
    const shift = await this.deps.store.shifts.get(id);
    if (!shift || !(await this.deps.store.shifts.delete(id))) throw new AppError(ErrorCode.NOT_FOUND, 'No such shift');
    await this.deps.audit.record({ actorId: actor.userId, action: 'shift.deleted', targetUserId: shift.userId, details: { shiftId: id } });
    return shift;
  }

  /** Who is on call now (a shift, or `oncall:set` while connected) and the next shifts to start. */
  async now(actor: Identity): Promise<HttpResults['GET /api/oncall/now']> {
    requireStaff(actor, 'see who is on call');
    const { store, presence, clock } = this.deps;
    const now = clock.now();
    const [current, upcoming, declared] = await Promise.all([store.shifts.overlapping(now, now + 1), store.shifts.overlapping(now + 1, now + WEEK_MS), store.onCall.list()]);
    const connected = await presence.onlineAmong(declared.map((d) => d.userId));
    const entries = [
      ...current.map((s) => ({ userId: s.userId, ...(s.tier ? { tier: s.tier } : {}), until: s.to, via: 'shift' as const })),
      ...declared.filter((d) => connected.has(d.userId)).map((d) => ({ userId: d.userId, via: 'declared' as const })),
    ];
    const users = await store.users.getMany([...new Set(entries.map((e) => e.userId))]);
    return {
      now: entries.map((e) => ({ ...e, ...(users.get(e.userId)?.name ? { name: users.get(e.userId)!.name } : {}) })),
      next: upcoming.filter((s) => Date.parse(s.from) > now).slice(0, 10),
    };
  }

  async contact(actor: Identity): Promise<ClinicianContact> {
    requireRole(actor, 'clinician', 'Only clinicians keep an on-call contact');
    return (await this.deps.store.contacts.get(actor.userId)) ?? {};
  }

  async setContact(actor: Identity, contact: ClinicianContact): Promise<ClinicianContact> {
    requireRole(actor, 'clinician', 'Only clinicians keep an on-call contact');
    await this.deps.store.contacts.put(actor.userId, contact);
    // The address itself stays out of the audit log.
    await this.deps.audit.record({ actorId: actor.userId, action: 'contact.updated', details: { email: contact.email ? 'set' : 'cleared' } });
    return contact;
  }
}
