import type { Escalation } from '../../shared/models.js';
import type { EscalationRecord } from './escalation.repository.js';

/** What clinicians see: everything but the scheduling fields. */
export function view(e: EscalationRecord): Escalation {
  const { programId: _p, subjectId: _s, nextStepAt: _n, leaseUntil: _l, leaseOwner: _o, alertedIds: _a, unroutedAt: _u, ...escalation } = e;
  return escalation;
}
