import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { EscalationTier } from '../../shared/http.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Clock } from '../core/clock.js';
import { drainLeased } from '../core/leased-work.js';
import type { Mailer } from '../infra/mailer.js';
import type { Store } from '../store/store.js';
import type { EscalationRecord, OutboundRecord } from './escalation.repository.js';
import { summaryForHooks } from './escalation.view.js';
import type { WebhookSender } from './webhook-target.js';

export interface OutOfBandDeps {
  store: Store;
  audit: AuditLog;
  clock: Clock;
  log: Logger;
  /** Undefined: e-mail is off (no SMTP_URL). */
  mailer: Mailer | undefined;
  webhook: WebhookSender;
  /** Links in e-mails and pager events lead here: `${publicUrl}/escalations/<id>`. */
  publicUrl: string;
  nodeId: string;
  leaseMs: number;
}

/** A failed send is tried again after 5 s, 10 s, 20 s … (at most 5 min apart), six times in all. */
const MAX_ATTEMPTS = 6;
const retryDelayMs = (attempts: number) => Math.min(300_000, 5000 * 2 ** (attempts - 1));

/**
 * Reaching clinicians who are not looking: e-mail to a tier's on-call clinicians and its pager,
 * when nobody acknowledges in time. Every notification is queued in the store under an id that
 * names its step, channel and recipient (so it is queued once however many nodes take the step),
 * then sent by whichever node leases it first; a node that dies mid-send leaves the lease to lapse
 * and another node sends it. Failures are retried with backoff and audited; the escalation itself
 * never waits for any of it. Nothing sent carries message text, names or the excerpt.
 */
export class OutOfBand {
  constructor(private readonly deps: OutOfBandDeps) {}

  /** A tier was alerted (step `tier.round`): queue its e-mails and pager trigger for `dueAt`. */
  async schedule(e: EscalationRecord, spec: EscalationTier, members: readonly string[], step: string, dueAt: number): Promise<void> {
    const notify = spec.notify;
    if (!notify) return;
    const base = { escalationId: e.id, event: 'trigger' as const, tier: spec.name, status: 'pending' as const, dueAt, attempts: 0 };
    const records: OutboundRecord[] = [];
    if (notify.email && this.deps.mailer) {
      for (const userId of members) records.push({ ...base, id: `${e.id}:${step}:email:${userId}`, channel: 'email', userId });
    }
    if (notify.webhook) records.push({ ...base, id: `${e.id}:${step}:webhook`, channel: 'webhook', webhook: { ...notify.webhook } });
    if (records.length > 0) await this.deps.store.outbox.enqueue(records);
  }

  /** Acknowledged or resolved in the app: every pager that was triggered for it hears so, once. */
  async stopPagers(e: EscalationRecord, event: 'acknowledge' | 'resolve'): Promise<void> {
    const sent = (await this.deps.store.outbox.listFor(e.id)).filter((r) => r.channel === 'webhook' && r.event === 'trigger' && r.status === 'sent' && r.webhook);
    const byUrl = new Map(sent.map((r) => [r.webhook!.url + (r.webhook!.routingKey ?? ''), r] as const));
    const now = this.deps.clock.now();
    const records: OutboundRecord[] = [...byUrl.entries()].map(([target, r]) => ({
      id: `${e.id}:${event}:${createHash('sha256').update(target).digest('hex').slice(0, 16)}`,
      escalationId: e.id,
      channel: 'webhook',
      event,
      tier: r.tier,
      webhook: r.webhook!,
      status: 'pending',
      dueAt: now,
      attempts: 0,
    }));
    if (records.length > 0) await this.deps.store.outbox.enqueue(records);
  }

  /** Sends what is due (called on every escalation tick, on every node). */
  runDue(): Promise<void> {
    const { store, clock, nodeId, leaseMs, log } = this.deps;
    return drainLeased({ claim: () => store.outbox.claimDue(clock.now(), nodeId, leaseMs), handle: (record) => this.deliver(record), log, what: 'out-of-band notification' });
  }

  private async deliver(record: OutboundRecord): Promise<void> {
    const { store, clock, audit, nodeId } = this.deps;
    const escalation = await store.escalations.get(record.escalationId);
    const details = { escalationId: record.escalationId, channel: record.channel, event: record.event, tier: record.tier, ...(record.userId ? { recipientId: record.userId } : {}) };
    // A trigger is for a tier nobody acknowledged: if someone did meanwhile, it is not sent.
    if (!escalation || (record.event === 'trigger' && escalation.status !== 'open')) {
      await store.outbox.complete(record.id, nodeId, { status: 'skipped' });
      return;
    }
    const attempts = record.attempts + 1;
    let failure: string | undefined;
    try {
      failure = await this.send(record, escalation);
    } catch (err) {
      failure = err instanceof Error ? err.message.slice(0, 200) : 'send failed';
    }
    if (failure === 'no-address') {
      await store.outbox.complete(record.id, nodeId, { status: 'skipped', attempts });
      return;
    }
    if (!failure) {
      await store.outbox.complete(record.id, nodeId, { status: 'sent', attempts, sentAt: new Date(clock.now()).toISOString() });
      await audit.record({ actorId: 'system', action: 'notification.sent', conversationId: escalation.conversationId, details: { ...details, attempts } });
      return;
    }
    const giveUp = attempts >= MAX_ATTEMPTS;
    await store.outbox.complete(record.id, nodeId, giveUp ? { status: 'failed', attempts } : { attempts, dueAt: clock.now() + retryDelayMs(attempts) });
    // The reason is the transport's (a status or a connection error), never an address or a key.
    await audit.record({
      actorId: 'system',
      action: giveUp ? 'notification.failed' : 'notification.retrying',
      conversationId: escalation.conversationId,
      details: { ...details, attempts, reason: failure },
    });
  }

  /** Sends one notification; answers undefined when it went out, otherwise why not. */
  private async send(record: OutboundRecord, e: EscalationRecord): Promise<string | undefined> {
    const { store, mailer, webhook } = this.deps;
    if (record.channel === 'email') {
      const email = record.userId ? (await store.contacts.get(record.userId))?.email : undefined;
      if (!email || !mailer) return 'no-address';
      await mailer({ to: email, ...this.email(e, record.tier) });
      return undefined;
    }
    const target = record.webhook!;
    const status = await webhook(target.url, target.format === 'pagerduty' ? this.pagerDuty(e, record, target.routingKey!) : this.generic(e, record));
    return status >= 200 && status < 300 ? undefined : `HTTP ${status || 'unreachable'}`;
  }

  private link(e: EscalationRecord): string {
    return `${this.deps.publicUrl}/escalations/${encodeURIComponent(e.id)}`;
  }

  private openFor(e: EscalationRecord): string {
    const minutes = Math.max(0, Math.round((this.deps.clock.now() - Date.parse(e.createdAt)) / 60_000));
    return minutes < 1 ? 'less than a minute' : `${minutes} min`;
  }

  /** Severity, tier, how long it has been open and the link: no text, no names, no excerpt. */
  private email(e: EscalationRecord, tier: string): { subject: string; text: string } {
    const open = this.openFor(e);
    return {
      subject: `Escalation (${e.severity}) needs a clinician — ${tier}`,
      text: [
        `A crisis escalation has not been acknowledged.`,
        ``,
        `Severity: ${e.severity}`,
        `Tier: ${tier}`,
        `Open for: ${open}`,
        ``,
        `Open it in the app: ${this.link(e)}`,
        ``,
        `---`,
        `Een crisis-escalatie is nog niet opgepakt. Ernst: ${e.severity}. Laag: ${tier}. Open sinds: ${open}.`,
        `Open hem in de app: ${this.link(e)}`,
      ].join('\n'),
    };
  }


  private generic(e: EscalationRecord, record: OutboundRecord) {
    const event = { trigger: 'escalation.notify', acknowledge: 'escalation.acknowledged', resolve: 'escalation.resolved' }[record.event];
    return { event, tier: record.tier, link: this.link(e), escalation: summaryForHooks(e) };
  }

  /** PagerDuty Events API v2: one incident per escalation (dedup_key), triggered, acknowledged, resolved. */
  private pagerDuty(e: EscalationRecord, record: OutboundRecord, routingKey: string) {
    const base = { routing_key: routingKey, event_action: record.event, dedup_key: `escalation-${e.id}` };
    if (record.event !== 'trigger') return base;
    return {
      ...base,
      payload: {
        summary: `Crisis escalation (${e.severity}) not acknowledged — ${record.tier}`,
        severity: e.severity === 'imminent' ? 'critical' : e.severity === 'high' ? 'error' : 'warning',
        source: new URL(this.deps.publicUrl).host,
        component: 'peer-support-chat',
        custom_details: { ...summaryForHooks(e), openFor: this.openFor(e), link: this.link(e) },
      },
      links: [{ href: this.link(e), text: 'Open the escalation' }],
    };
  }
}
