import type { Logger } from 'pino';
import type { ConversationKind } from '../../shared/models.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Clock } from '../core/clock.js';
import { Ticker } from '../core/ticker.js';
import { errorForLog } from '../infra/safe-error.js';
import type { Store } from '../store/store.js';

/** Days to keep, per conversation kind and for escalation records; undefined keeps for ever. */
export interface RetentionPolicy {
  group?: number;
  mentorship?: number;
  support?: number;
  escalation?: number;
}

const DAY_MS = 24 * 3600 * 1000;
const BATCH = 1000;

/**
 * Purges what is past its retention, once a day on exactly one node (a run is claimed in the
 * store, like the escalation steps): messages by conversation kind, in batches, keeping each
 * conversation's newest so seqs are never reused, and resolved escalations after their own,
 * longer period. Clients see where history begins ("earlier messages were removed"), not a gap.
 */
export class Retention {
  private readonly ticker = new Ticker(() => this.runIfDue());

  constructor(
    private readonly deps: { store: Store; audit: AuditLog; clock: Clock; log: Logger; nodeId: string; policy: RetentionPolicy; leaseMs?: number },
  ) {}

  get enabled(): boolean {
    return Object.values(this.deps.policy).some((days) => days !== undefined);
  }

  /** Looks every `everyMs` whether today's run is due (on every node; one of them runs it). */
  start(everyMs: number): void {
    if (this.enabled) this.ticker.start(everyMs);
  }

  stop(): Promise<void> {
    return this.ticker.stop();
  }

  /** One look now (tests, and start-up). */
  tick(): Promise<void> {
    return this.ticker.run();
  }

  private async runIfDue(): Promise<void> {
    const { store, clock, nodeId, log } = this.deps;
    try {
      if (!this.enabled || !(await store.retention.claimRun(clock.now(), nodeId, DAY_MS, this.deps.leaseMs ?? 15 * 60_000))) return;
      await this.purge();
    } catch (err) {
      // Tomorrow's run (or another node's, once the lease lapses) picks up what is left.
      log.warn({ error: errorForLog(err) }, 'retention run failed');
    }
  }

  private async purge(): Promise<void> {
    const { store, clock, audit, policy } = this.deps;
    const cutoff = (days: number) => new Date(clock.now() - days * DAY_MS).toISOString();
    for (const kind of ['group', 'mentorship', 'support'] as const satisfies readonly ConversationKind[]) {
      const days = policy[kind];
      if (days === undefined) continue;
      let total = 0;
      for (let n = BATCH; n === BATCH; total += n) n = await store.retention.purgeMessages(kind, cutoff(days), BATCH);
      if (total > 0) await audit.record({ actorId: 'system', action: 'retention.purged', details: { kind, messages: total, olderThanDays: days } });
    }
    if (policy.escalation !== undefined) {
      let total = 0;
      for (let n = BATCH; n === BATCH; total += n) n = await store.retention.purgeEscalations(cutoff(policy.escalation), BATCH);
      if (total > 0) await audit.record({ actorId: 'system', action: 'retention.purged', details: { kind: 'escalation', escalations: total, olderThanDays: policy.escalation } });
    }
  }
}
