import type { Escalation } from '../../shared/models.js';
import type { EscalationRecord } from './escalation.repository.js';

/** What clinicians see: everything but the scheduling fields. */
export function view(e: EscalationRecord): Escalation {
  const { programId: _p, subjectId: _s, nextStepAt: _n, leaseUntil: _l, leaseOwner: _o, alertedIds: _a, unroutedAt: _u, ...escalation } = e;
  return escalation;
}

/** What leaves the server about an escalation by webhook or pager: no message text, names or free text. */
export function summaryForHooks(e: EscalationRecord) {
  return {
    id: e.id,
    conversationId: e.conversationId,
    severity: e.severity,
    source: e.source,
    status: e.status,
    tier: e.tier,
    round: e.round,
    categories: e.categories,
    createdAt: e.createdAt,
    messagesInExcerpt: e.excerpt.length,
  };
}
