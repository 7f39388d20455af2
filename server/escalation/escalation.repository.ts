import type { EscalationPolicy } from '../../shared/http.js';
import type { ClinicianContact, Escalation, EscalationSeverity, EscalationStatus, OnCallShift } from '../../shared/models.js';

/** An escalation as stored: with the time of its next step and who is carrying a step out. */
export interface EscalationRecord extends Escalation {
  /** The mentee's program, for tier-1 routing. */
  programId?: string;
  /** The mentee it is about: at most one escalation is active per mentee. */
  subjectId?: string;
  /** When the next step is due (ms since the epoch); absent once resolved. */
  nextStepAt?: number;
  /** A node carrying out a step holds it until then; past it, another node may take over. */
  leaseUntil?: number;
  leaseOwner?: string;
  /** Everyone alerted so far: they hear every update. */
  alertedIds: string[];
  /** When the "nobody reachable" notice (webhook, admins) last went out. */
  unroutedAt?: string;
}

/** How an escalation ended. */
export interface Resolution {
  resolvedAt: string;
  outcome: string;
  note?: string;
  falseAlarm?: boolean;
}

export type StepPatch = Partial<Pick<EscalationRecord, 'tier' | 'round' | 'nextStepAt' | 'alertedIds' | 'unroutedAt'>>;

export interface EscalationRepository {
  create(escalation: EscalationRecord): Promise<void>;
  get(id: string): Promise<EscalationRecord | undefined>;
  /** The conversation's escalation that is open or acknowledged, if any. */
  findActive(conversationId: string): Promise<EscalationRecord | undefined>;
  /** The escalation about this mentee that is open or acknowledged, if any, wherever it was opened. */
  findActiveForSubject(subjectId: string): Promise<EscalationRecord | undefined>;
  /** Raises the severity (never lowers it) and adds categories. */
  attach(id: string, severity: EscalationSeverity, categories: string[]): Promise<EscalationRecord | undefined>;
  /** Atomically: an open escalation becomes the owner's. undefined when it was not open. */
  acknowledge(id: string, ownerId: string, ackedAt: string, nextStepAt: number): Promise<EscalationRecord | undefined>;
  /** Closes it if `ownerId` owns it and it is not resolved yet. */
  resolve(id: string, ownerId: string, resolution: Resolution): Promise<EscalationRecord | undefined>;
  /** Claims one escalation whose next step is due and that no live lease holds, leasing it to `nodeId`. */
  claimDue(now: number, nodeId: string, leaseMs: number): Promise<EscalationRecord | undefined>;
  /** Finishes a claimed step: applies the patch and drops the lease, if the lease and the status are unchanged. */
  completeStep(id: string, nodeId: string, status: EscalationStatus, patch: StepPatch): Promise<boolean>;
  list(status?: EscalationStatus): Promise<EscalationRecord[]>;
}

export interface OnCallEntry {
  userId: string;
  programId?: string;
}

export interface OnCallRepository {
  set(userId: string, onCall: boolean, programId?: string): Promise<void>;
  list(): Promise<OnCallEntry[]>;
}

export interface PolicyRepository {
  get(): Promise<EscalationPolicy | undefined>;
  put(policy: EscalationPolicy): Promise<void>;
}

export interface ShiftRepository {
  create(shift: OnCallShift): Promise<void>;
  get(id: string): Promise<OnCallShift | undefined>;
  delete(id: string): Promise<boolean>;
  /** Shifts that overlap [fromMs, toMs), by start. */
  overlapping(fromMs: number, toMs: number): Promise<OnCallShift[]>;
}

export interface ContactRepository {
  get(userId: string): Promise<ClinicianContact | undefined>;
  put(userId: string, contact: ClinicianContact): Promise<void>;
  getMany(userIds: readonly string[]): Promise<Map<string, ClinicianContact>>;
}

/** A notification sent out of band for an escalation step: an e-mail or a pager event. */
export interface OutboundRecord {
  /** Names the step, channel and recipient, so one step's notification is queued (and sent) once. */
  id: string;
  escalationId: string;
  channel: 'email' | 'webhook';
  /** trigger: a tier was not acknowledged in time; acknowledge / resolve: the pager stops. */
  event: 'trigger' | 'acknowledge' | 'resolve';
  tier: string;
  /** E-mail: the clinician it goes to (the address is looked up when sending). */
  userId?: string;
  /** Pager: where and in which format (the routing key is a secret: kept here, never logged). */
  webhook?: { url: string; format: 'generic' | 'pagerduty'; routingKey?: string };
  status: 'pending' | 'sent' | 'skipped' | 'failed';
  dueAt: number;
  attempts: number;
  leaseUntil?: number;
  leaseOwner?: string;
  /** ISO 8601, once sent. */
  sentAt?: string;
}

export type OutboundPatch = Partial<Pick<OutboundRecord, 'status' | 'dueAt' | 'attempts' | 'sentAt'>>;

export interface OutboxRepository {
  /** Queues what is not queued yet (by id); answers how many were new. */
  enqueue(records: OutboundRecord[]): Promise<number>;
  /** Leases one pending record that is due and that no live lease holds. */
  claimDue(now: number, nodeId: string, leaseMs: number): Promise<OutboundRecord | undefined>;
  /** Applies the outcome and drops the lease, if this node still holds it. */
  complete(id: string, nodeId: string, patch: OutboundPatch): Promise<boolean>;
  listFor(escalationId: string): Promise<OutboundRecord[]>;
}
