import type { EscalationPolicy } from '../../../shared/http.js';
import type { ClinicianContact, EscalationSeverity, EscalationStatus, OnCallShift } from '../../../shared/models.js';
import { riskRank } from '../../../shared/models.js';
import type {
  ContactRepository,
  EscalationRecord,
  EscalationRepository,
  OnCallEntry,
  OnCallRepository,
  OutboundPatch,
  OutboundRecord,
  OutboxRepository,
  PolicyRepository,
  ShiftRepository,
  StepPatch,
  Resolution,
} from '../../escalation/escalation.repository.js';
import { copy } from './memory-helpers.js';

// Escalations, on-call declarations and shifts, contacts, the out-of-band outbox and the policy in this process's memory.
export class MemoryEscalations implements EscalationRepository {
  private readonly escalations = new Map<string, EscalationRecord>();

  async create(escalation: EscalationRecord) {
    this.escalations.set(escalation.id, structuredClone(escalation));
  }
  async get(id: string) {
    const e = this.escalations.get(id);
    return e && structuredClone(e);
  }
  async findActive(conversationId: string) {
    for (const e of this.escalations.values()) {
      if (e.conversationId === conversationId && e.status !== 'resolved') return structuredClone(e);
    }
    return undefined;
  }
  async findActiveForSubject(subjectId: string) {
    for (const e of this.escalations.values()) {
      if (e.subjectId === subjectId && e.status !== 'resolved') return structuredClone(e);
    }
    return undefined;
  }
  async attach(id: string, severity: EscalationSeverity, categories: string[]) {
    const e = this.escalations.get(id);
    if (!e) return undefined;
    if (riskRank(severity) > riskRank(e.severity)) e.severity = severity;
    e.categories = [...new Set([...e.categories, ...categories])].sort();
    return structuredClone(e);
  }
  async acknowledge(id: string, ownerId: string, ackedAt: string, nextStepAt: number) {
    const e = this.escalations.get(id);
    if (!e || e.status !== 'open') return undefined;
    Object.assign(e, { status: 'acknowledged', ownerId, ackedAt, nextStepAt });
    return structuredClone(e);
  }
  async resolve(id: string, ownerId: string, resolution: Resolution) {
    const e = this.escalations.get(id);
    if (!e || e.ownerId !== ownerId || e.status === 'resolved') return undefined;
    Object.assign(e, { status: 'resolved' }, resolution);
    delete e.nextStepAt;
    return structuredClone(e);
  }
  async claimDue(now: number, nodeId: string, leaseMs: number) {
    let due: EscalationRecord | undefined;
    for (const e of this.escalations.values()) {
      if (e.nextStepAt === undefined || e.nextStepAt > now || (e.leaseUntil ?? 0) > now) continue;
      if (!due || e.nextStepAt < due.nextStepAt!) due = e;
    }
    if (!due) return undefined;
    due.leaseUntil = now + leaseMs;
    due.leaseOwner = nodeId;
    return structuredClone(due);
  }
  async completeStep(id: string, nodeId: string, status: EscalationStatus, patch: StepPatch) {
    const e = this.escalations.get(id);
    if (!e || e.leaseOwner !== nodeId || e.status !== status) return false;
    Object.assign(e, structuredClone(patch));
    delete e.leaseUntil;
    delete e.leaseOwner;
    return true;
  }
  async list(status?: EscalationStatus) {
    return [...this.escalations.values()].filter((e) => !status || e.status === status).map((e) => structuredClone(e));
  }
  /** Retention: resolved escalations resolved before `cutoff` (ISO), at most `limit`. */
  purgeResolvedBefore(cutoff: string, limit: number): number {
    let purged = 0;
    for (const [id, e] of this.escalations) {
      if (purged >= limit) break;
      if (e.status !== 'resolved' || !e.resolvedAt || e.resolvedAt >= cutoff) continue;
      this.escalations.delete(id);
      purged++;
    }
    return purged;
  }
}

export class MemoryOnCall implements OnCallRepository {
  private readonly entries = new Map<string, OnCallEntry>();

  async set(userId: string, onCall: boolean, programId?: string) {
    if (onCall) this.entries.set(userId, { userId, ...(programId ? { programId } : {}) });
    else this.entries.delete(userId);
  }
  async list() {
    return [...this.entries.values()].map(copy);
  }
}

export class MemoryPolicies implements PolicyRepository {
  private policy: EscalationPolicy | undefined;

  async get() {
    return this.policy && structuredClone(this.policy);
  }
  async put(policy: EscalationPolicy) {
    this.policy = structuredClone(policy);
  }
}

export class MemoryShifts implements ShiftRepository {
  private readonly shifts = new Map<string, OnCallShift>();

  async create(shift: OnCallShift) {
    this.shifts.set(shift.id, copy(shift));
  }
  async get(id: string) {
    const s = this.shifts.get(id);
    return s && copy(s);
  }
  async delete(id: string) {
    return this.shifts.delete(id);
  }
  async overlapping(fromMs: number, toMs: number) {
    return [...this.shifts.values()]
      .filter((s) => Date.parse(s.from) < toMs && Date.parse(s.to) > fromMs)
      .sort((a, b) => Date.parse(a.from) - Date.parse(b.from) || a.id.localeCompare(b.id))
      .map(copy);
  }
}

export class MemoryContacts implements ContactRepository {
  /** Changed by MemoryPersonalData (erasure). */
  readonly contacts = new Map<string, ClinicianContact>();

  async get(userId: string) {
    const c = this.contacts.get(userId);
    return c && copy(c);
  }
  async put(userId: string, contact: ClinicianContact) {
    this.contacts.set(userId, copy(contact));
  }
  async getMany(userIds: readonly string[]) {
    return new Map(userIds.flatMap((id) => (this.contacts.has(id) ? [[id, copy(this.contacts.get(id)!)] as const] : [])));
  }
}

export class MemoryOutbox implements OutboxRepository {
  private readonly records = new Map<string, OutboundRecord>();

  async enqueue(records: OutboundRecord[]) {
    let added = 0;
    for (const r of records) {
      if (this.records.has(r.id)) continue;
      this.records.set(r.id, structuredClone(r));
      added++;
    }
    return added;
  }
  async claimDue(now: number, nodeId: string, leaseMs: number) {
    let due: OutboundRecord | undefined;
    for (const r of this.records.values()) {
      if (r.status !== 'pending' || r.dueAt > now || (r.leaseUntil ?? 0) > now) continue;
      if (!due || r.dueAt < due.dueAt) due = r;
    }
    if (!due) return undefined;
    due.leaseUntil = now + leaseMs;
    due.leaseOwner = nodeId;
    return structuredClone(due);
  }
  async complete(id: string, nodeId: string, patch: OutboundPatch) {
    const r = this.records.get(id);
    if (!r || r.leaseOwner !== nodeId) return false;
    Object.assign(r, patch);
    delete r.leaseUntil;
    delete r.leaseOwner;
    return true;
  }
  async listFor(escalationId: string) {
    return [...this.records.values()].filter((r) => r.escalationId === escalationId).map((r) => structuredClone(r));
  }
}
