import type { Logger } from 'pino';
import type { AuditLog } from '../audit/audit-log.js';
import type { Clock } from '../core/clock.js';
import type { Notifier } from '../core/notifier.js';
import { drainLeased } from '../core/leased-work.js';
import { Ticker } from '../core/ticker.js';
import type { PresenceTracker } from '../presence/presence.tracker.js';
import type { Store } from '../store/store.js';
import { currentPolicy } from './escalation.policy.js';
import { tierMembers } from './on-call.js';
import type { OutOfBand } from './out-of-band.js';
import type { EscalationRecord, StepPatch } from './escalation.repository.js';
import type { WebhookSender } from './webhook-target.js';
import { summaryForHooks, view } from './escalation.view.js';


export interface EscalationStepsDeps {
  store: Store;
  /** E-mail and pagers for tiers nobody acknowledges in time. */
  outOfBand: OutOfBand;
  notifier: Notifier;
  presence: PresenceTracker;
  audit: AuditLog;
  clock: Clock;
  webhook: WebhookSender;
  nodeId: string;
  log: Logger;
  /** How long a node may hold a step before another takes over. */
  leaseMs: number;
}

/**
 * The durable half of escalation: every escalation is stored with the time of its next step; every
 * node ticks, claims a due step under a lease in the store, carries it out, and completes it only if
 * neither the lease nor the status changed meanwhile. So exactly one node takes each step, and an
 * alert survives the node that raised it.
 */
export class EscalationSteps {
  private readonly ticker = new Ticker(() => this.runDueSteps());

  constructor(private readonly deps: EscalationStepsDeps) {}

  /** Looks for due steps every `tickMs`, on every node. */
  start(tickMs: number): void {
    this.ticker.start(tickMs);
  }

  stop(): Promise<void> {
    return this.ticker.stop();
  }

  /** Carries out every step that is due now and free to claim (once more if asked during a pass). */
  tick(): Promise<void> {
    return this.ticker.run();
  }

  private async runDueSteps() {
    const { store, clock, nodeId, leaseMs, log } = this.deps;
    await drainLeased({
      claim: () => store.escalations.claimDue(clock.now(), nodeId, leaseMs),
      handle: async (claimed) => {
        const patch = claimed.status === 'acknowledged' ? await this.realert(claimed) : await this.alertNextTier(claimed);
        await store.escalations.completeStep(claimed.id, nodeId, claimed.status, patch);
      },
      log,
      what: 'escalation step',
    });
    // Then the e-mails and pager events that are due, queued by this or any node's steps.
    await this.deps.outOfBand.runDue();
  }

  /**
   * Alerts the next tier that has someone connected, or that can be reached out of band (e-mail to
   * its clinicians on shift, its pager); past the last tier, the chain starts again.
   */
  private async alertNextTier(e: EscalationRecord): Promise<StepPatch> {
    const policy = await currentPolicy(this.deps.store);
    const { clock, audit, notifier, outOfBand } = this.deps;
    let tier = e.tier;
    let round = e.round;
    for (let tried = 0; tried < policy.tiers.length; tried++) {
      tier += 1;
      if (tier > policy.tiers.length) {
        tier = 1;
        round += 1;
        if (round > policy.repeats) await this.unrouted(e, 'the chain ran out');
      }
      const spec = policy.tiers[tier - 1]!;
      const members = await tierMembers(this.deps.store, policy, spec, e.programId, clock.now());
      const recipients = await this.reachable(members);
      const outOfBandReach = Boolean(spec.notify && ((spec.notify.email && members.length > 0) || spec.notify.webhook));
      if (recipients.length === 0 && !outOfBandReach) continue;
      const alertedIds = [...new Set([...e.alertedIds, ...recipients])];
      const updated = { ...e, tier, round, alertedIds };
      if (recipients.length > 0) notifier.toUsers(recipients, 'escalation:alerted', { escalation: view(updated) });
      // Out of band after `afterSec` without an acknowledgement; at once when nobody of the tier is connected.
      const notifyAt = clock.now() + (recipients.length === 0 ? 0 : (spec.notify?.afterSec ?? 0) * 1000);
      await outOfBand.schedule(updated, spec, members, `${tier}.${round}`, notifyAt);
      const action = tier === 1 && round === 0 ? 'escalation.alerted' : 'escalation.escalated';
      await audit.record({ actorId: 'system', action, conversationId: e.conversationId, details: { escalationId: e.id, tier, round, recipients } });
      // The notifications keep their own time in the outbox; this step's next move is the tier's timeout.
      return { tier, round, alertedIds, nextStepAt: clock.now() + spec.ackTimeoutSec * 1000 };
    }
    // Nobody of any tier is connected: say so (once), and try the chain again soon.
    if (!e.unroutedAt) await this.unrouted(e, 'no clinician of any tier is connected');
    const retrySec = Math.min(30, ...policy.tiers.map((t) => t.ackTimeoutSec));
    return { tier: 0, round, nextStepAt: clock.now() + retrySec * 1000, unroutedAt: e.unroutedAt ?? new Date(clock.now()).toISOString() };
  }

  /** Acknowledged but not resolved in time: the owner and tier 1 hear of it again. */
  private async realert(e: EscalationRecord): Promise<StepPatch> {
    const policy = await currentPolicy(this.deps.store);
    const tierOne = await tierMembers(this.deps.store, policy, policy.tiers[0]!, e.programId, this.deps.clock.now());
    const recipients = await this.reachable([...new Set([e.ownerId!, ...tierOne])]);
    this.deps.notifier.toUsers(recipients, 'escalation:alerted', { escalation: view(e) });
    await this.deps.audit.record({ actorId: 'system', action: 'escalation.realerted', conversationId: e.conversationId, details: { escalationId: e.id, recipients } });
    return { alertedIds: [...new Set([...e.alertedIds, ...recipients])], nextStepAt: this.deps.clock.now() + policy.realertSec * 1000 };
  }

  /** Nobody reachable: the webhook (no message bodies), online admins, and the mentee has the resources already. */
  private async unrouted(e: EscalationRecord, why: string) {
    const { notifier, audit, webhook, log } = this.deps;
    // Operators watch logs: nobody reachable for a crisis must show there too (never its text).
    log.warn({ escalationId: e.id, severity: e.severity, why }, 'escalation unrouted: no clinician could be reached');
    notifier.toRole('admin', 'escalation:unrouted', { escalation: view(e) });
    const policy = await currentPolicy(this.deps.store);
    const details: Record<string, unknown> = { escalationId: e.id, why };
    if (policy.webhookUrl) details.webhookStatus = await webhook(policy.webhookUrl, webhookPayload(e, why));
    await audit.record({ actorId: 'system', action: policy.webhookUrl ? 'webhook.called' : 'escalation.unrouted', conversationId: e.conversationId, details });
  }

  private async reachable(userIds: string[]): Promise<string[]> {
    const online = await this.deps.presence.onlineAmong(userIds);
    return userIds.filter((id) => online.has(id));
  }
}

/** The webhook's body: the escalation without message bodies or free text. */
function webhookPayload(e: EscalationRecord, why: string) {
  return { event: 'escalation.unrouted', why, escalation: summaryForHooks(e) };
}
