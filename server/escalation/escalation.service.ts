import type { Logger } from 'pino';
import { AppError, ErrorCode } from '../../shared/errors.js';
import type { CommandPayload, CommandResults } from '../../shared/commands.js';
import {
  RISK_LEVELS,
  type Escalation,
  type EscalationPolicy,
  type EscalationSeverity,
  type ExcerptMessage,
  type HeldMessage,
  type Message,
} from '../../shared/models.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Identity } from '../auth/identity.js';
import type { Clock } from '../core/clock.js';
import { newId } from '../core/ids.js';
import type { Notifier } from '../core/notifier.js';
import type { ConversationRecord } from '../conversations/conversation.repository.js';
import { STAFF } from '../moderation/moderators.js';
import { errorForLog } from '../infra/safe-error.js';
import type { PresenceTracker } from '../presence/presence.tracker.js';
import type { CrisisResources } from '../safety/crisis-resources.js';
import type { RiskAssessment, RiskAssessor } from '../safety/risk-assessor.js';
import type { Store } from '../store/store.js';
import type { EscalationRecord, StepPatch } from './escalation.repository.js';

export const DEFAULT_POLICY: EscalationPolicy = {
  tiers: [{ name: 'On call', target: 'on-call', ackTimeoutSec: 60 }],
  repeats: 2,
  realertSec: 900,
};

/** Posts the "nobody reachable" notice; answers the HTTP status (0 when it could not be delivered). */
export type WebhookSender = (url: string, payload: unknown) => Promise<number>;

export interface EscalationServiceDeps {
  store: Store;
  notifier: Notifier;
  presence: PresenceTracker;
  audit: AuditLog;
  clock: Clock;
  assessor: RiskAssessor;
  resources: CrisisResources;
  webhook: WebhookSender;
  nodeId: string;
  log: Logger;
  /** How long a node may hold a step before another takes over. */
  leaseMs: number;
}

const rank = (level: string) => RISK_LEVELS.indexOf(level as EscalationSeverity);
const EXCERPT_SIZE = 20;

/**
 * Crisis escalations. Every escalation is stored with the time of its next step; any node may
 * claim a due step (under a lease in the store) and exactly one carries it out, so an alert
 * survives the node that raised it.
 */
export class EscalationService {
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private tickAgain = false;

  constructor(private readonly deps: EscalationServiceDeps) {}

  /** Mentees' messages are assessed; others' are not. */
  assess(user: Identity, body: string): RiskAssessment | undefined {
    return user.role === 'mentee' ? this.deps.assessor.assess(body) : undefined;
  }

  /**
   * After a mentee's message is stored (or held): crisis resources to the sender at once, and at
   * `high` or `imminent` an escalation, opened or (if one is active) raised. Elevated signals only
   * attach to an active escalation. Awaited before the message is acknowledged.
   */
  async onMessage(user: Identity, conversation: ConversationRecord, assessment: RiskAssessment, message: Message | HeldMessage): Promise<void> {
    if (assessment.level === 'none') return;
    const severe = assessment.level === 'high' || assessment.level === 'imminent';
    if (severe) this.sendResources(user, conversation.id);
    const active = await this.deps.store.escalations.findActive(conversation.id);
    if (active) return this.attach(user, active, assessment.level as EscalationSeverity, assessment.categories);
    if (!severe) return;
    await this.open(user, conversation, {
      severity: assessment.level as EscalationSeverity,
      source: 'auto',
      reason: `Risk detected (${assessment.categories.join(', ')}; rules ${assessment.version})`,
      categories: assessment.categories,
      extra: 'findings' in message ? { ...excerptOf(message), seq: 0, held: true } : undefined,
    });
  }

  /**
   * A support request whose note signals a crisis: resources to the mentee, and an escalation on
   * its support conversation with the note as its context.
   */
  async onRequest(user: Identity, conversation: ConversationRecord, assessment: RiskAssessment, note: string): Promise<void> {
    this.sendResources(user, conversation.id);
    await this.open(user, conversation, {
      severity: assessment.level as EscalationSeverity,
      source: 'auto',
      reason: `Risk detected in a request for a peer specialist (${assessment.categories.join(', ')}; rules ${assessment.version})`,
      categories: assessment.categories,
      extra: { seq: 0, senderId: user.userId, senderName: user.name, senderRole: user.role, body: note, createdAt: conversation.createdAt },
    });
  }

  async raise(user: Identity, input: CommandPayload<'escalation:raise'>): Promise<CommandResults['escalation:raise']> {
    const { store } = this.deps;
    const [conversation, member] = await Promise.all([store.conversations.get(input.conversationId), store.conversations.getMember(input.conversationId, user.userId)]);
    if (!conversation) throw new AppError(ErrorCode.NOT_FOUND, 'Conversation not found');
    if (!member) throw new AppError(ErrorCode.FORBIDDEN, 'Only participants can raise an escalation for this conversation');
    if (user.role === 'mentee') this.sendResources(user, conversation.id);
    const active = await store.escalations.findActive(conversation.id);
    if (active) {
      await this.attach(user, active, 'high', []);
      return { escalation: this.viewFor(user, (await store.escalations.get(active.id))!) };
    }
    const reason = input.reason ?? (user.role === 'mentee' ? 'The mentee asked for help now' : 'Raised by a participant');
    return { escalation: this.viewFor(user, await this.open(user, conversation, { severity: 'high', source: 'manual', reason, categories: [] })) };
  }

  async ack(user: Identity, escalationId: string): Promise<CommandResults['escalation:ack']> {
    this.requireClinician(user);
    const { store, clock, audit } = this.deps;
    const policy = await this.policy();
    const now = clock.now();
    const claimed = await store.escalations.acknowledge(escalationId, user.userId, new Date(now).toISOString(), now + policy.realertSec * 1000);
    if (!claimed) {
      const existing = await store.escalations.get(escalationId);
      if (!existing) throw new AppError(ErrorCode.NOT_FOUND, 'Escalation not found');
      if (existing.ownerId === user.userId) return { escalation: view(existing) };
      throw new AppError(ErrorCode.ALREADY_CLAIMED, existing.ownerId ? 'Another clinician has already taken this escalation' : `This escalation is ${existing.status}`);
    }
    await audit.record({ actorId: user.userId, action: 'escalation.acknowledged', conversationId: claimed.conversationId, details: { escalationId } });
    this.tellAlerted(claimed);
    return { escalation: view(claimed) };
  }

  /** Warm handoff: the owner joins the conversation, reads its history and can write. */
  async join(user: Identity, escalationId: string): Promise<CommandResults['escalation:join']> {
    const escalation = await this.requireOwner(user, escalationId);
    const { store, notifier, audit, clock } = this.deps;
    const added = await store.conversations.addMember({
      conversationId: escalation.conversationId,
      userId: user.userId,
      role: 'clinician',
      lastReadSeq: 0,
      joinedAt: new Date(clock.now()).toISOString(),
    });
    if (added === 'added') {
      notifier.toConversation(escalation.conversationId, 'member:joined', { conversationId: escalation.conversationId, userId: user.userId, name: user.name, role: 'clinician' });
      await audit.record({ actorId: user.userId, action: 'escalation.joined', conversationId: escalation.conversationId, details: { escalationId } });
    }
    return { escalation: view(escalation) };
  }

  async resolve(user: Identity, input: CommandPayload<'escalation:resolve'>): Promise<CommandResults['escalation:resolve']> {
    await this.requireOwner(user, input.escalationId);
    const { store, clock, audit } = this.deps;
    const resolved = await store.escalations.resolve(input.escalationId, user.userId, {
      resolvedAt: new Date(clock.now()).toISOString(),
      outcome: input.outcome,
      ...(input.note ? { note: input.note } : {}),
    });
    if (!resolved) throw new AppError(ErrorCode.CONFLICT, 'This escalation is already resolved');
    await audit.record({ actorId: user.userId, action: 'escalation.resolved', conversationId: resolved.conversationId, details: { escalationId: resolved.id, outcome: input.outcome } });
    this.tellAlerted(resolved);
    return { escalation: view(resolved) };
  }

  /** The dashboard's feed: open first, then acknowledged, then resolved; by severity, then oldest first. */
  async list(user: Identity, input: CommandPayload<'escalation:list'>): Promise<CommandResults['escalation:list']> {
    this.requireClinician(user);
    const order = { open: 0, acknowledged: 1, resolved: 2 } as const;
    const all = await this.deps.store.escalations.list(input.status);
    all.sort((a, b) => order[a.status] - order[b.status] || rank(b.severity) - rank(a.severity) || a.createdAt.localeCompare(b.createdAt));
    return { escalations: all.map(view) };
  }

  async setOnCall(user: Identity, onCall: boolean): Promise<CommandResults['oncall:set']> {
    if (user.role !== 'clinician') throw new AppError(ErrorCode.FORBIDDEN, 'Only clinicians go on call');
    await this.deps.store.onCall.set(user.userId, onCall, user.programId);
    await this.deps.audit.record({ actorId: user.userId, action: onCall ? 'oncall.started' : 'oncall.stopped' });
    return { onCall };
  }

  async policy(): Promise<EscalationPolicy> {
    return (await this.deps.store.policies.get()) ?? DEFAULT_POLICY;
  }

  async setPolicy(user: Identity, policy: EscalationPolicy): Promise<EscalationPolicy> {
    if (user.role !== 'admin') throw new AppError(ErrorCode.FORBIDDEN, 'Only admins set the escalation policy');
    await this.deps.store.policies.put(policy);
    await this.deps.audit.record({ actorId: user.userId, action: 'policy.updated', details: { tiers: policy.tiers.length, repeats: policy.repeats } });
    return policy;
  }

  /** Looks for due steps every `tickMs`, on every node. */
  start(tickMs: number): void {
    this.timer = setInterval(() => void this.tick(), tickMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.ticking;
  }

  /**
   * Carries out every step that is due now and free to claim. A call during a pass asks for one
   * more pass: the pass under way may have looked before the new step was stored.
   */
  tick(): Promise<void> {
    if (this.ticking) {
      this.tickAgain = true;
      return this.ticking;
    }
    this.ticking = (async () => {
      do {
        this.tickAgain = false;
        await this.runDueSteps();
      } while (this.tickAgain);
    })().finally(() => (this.ticking = undefined));
    return this.ticking;
  }

  private async runDueSteps() {
    const { store, clock, nodeId, leaseMs, log } = this.deps;
    for (let i = 0; i < 50; i++) {
      let claimed: EscalationRecord | undefined;
      try {
        claimed = await store.escalations.claimDue(clock.now(), nodeId, leaseMs);
      } catch (err) {
        log.warn({ error: errorForLog(err) }, 'escalation steps: store unavailable');
        return;
      }
      if (!claimed) return;
      try {
        const patch = claimed.status === 'acknowledged' ? await this.realert(claimed) : await this.alertNextTier(claimed);
        await store.escalations.completeStep(claimed.id, nodeId, claimed.status, patch);
      } catch (err) {
        // The lease lapses and this or another node tries again.
        log.error({ error: errorForLog(err), escalationId: claimed.id }, 'escalation step failed');
      }
    }
  }

  /** Alerts the next tier that has someone connected; past the last, the chain starts again. */
  private async alertNextTier(e: EscalationRecord): Promise<StepPatch> {
    const policy = await this.policy();
    const { clock, audit, notifier } = this.deps;
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
      const recipients = await this.reachable(await this.tierMembers(spec, e));
      if (recipients.length === 0) continue;
      const alertedIds = [...new Set([...e.alertedIds, ...recipients])];
      const updated = { ...e, tier, round, alertedIds };
      notifier.toUsers(recipients, 'escalation:alert', { escalation: view(updated) });
      const action = tier === 1 && round === 0 ? 'escalation.alerted' : 'escalation.escalated';
      await audit.record({ actorId: 'system', action, conversationId: e.conversationId, details: { escalationId: e.id, tier, round, recipients } });
      return { tier, round, alertedIds, nextStepAt: clock.now() + spec.ackTimeoutSec * 1000 };
    }
    // Nobody of any tier is connected: say so (once), and try the chain again soon.
    if (!e.unroutedAt) await this.unrouted(e, 'no clinician of any tier is connected');
    const retrySec = Math.min(30, ...policy.tiers.map((t) => t.ackTimeoutSec));
    return { tier: 0, round, nextStepAt: clock.now() + retrySec * 1000, unroutedAt: e.unroutedAt ?? new Date(clock.now()).toISOString() };
  }

  /** Acknowledged but not resolved in time: the owner and tier 1 hear of it again. */
  private async realert(e: EscalationRecord): Promise<StepPatch> {
    const policy = await this.policy();
    const tierOne = await this.tierMembers(policy.tiers[0]!, e);
    const recipients = await this.reachable([...new Set([e.ownerId!, ...tierOne])]);
    this.deps.notifier.toUsers(recipients, 'escalation:alert', { escalation: view(e) });
    await this.deps.audit.record({ actorId: 'system', action: 'escalation.realerted', conversationId: e.conversationId, details: { escalationId: e.id, recipients } });
    return { alertedIds: [...new Set([...e.alertedIds, ...recipients])], nextStepAt: this.deps.clock.now() + policy.realertSec * 1000 };
  }

  /** Nobody reachable: the webhook (no message bodies), online admins, and the mentee has the resources already. */
  private async unrouted(e: EscalationRecord, why: string) {
    const { notifier, audit, webhook } = this.deps;
    notifier.toRole('admin', 'escalation:unrouted', { escalation: view(e) });
    const policy = await this.policy();
    const details: Record<string, unknown> = { escalationId: e.id, why };
    if (policy.webhookUrl) details.webhookStatus = await webhook(policy.webhookUrl, webhookPayload(e, why));
    await audit.record({ actorId: 'system', action: policy.webhookUrl ? 'webhook.called' : 'escalation.unrouted', conversationId: e.conversationId, details });
  }

  private async open(
    user: Identity,
    conversation: ConversationRecord,
    spec: { severity: EscalationSeverity; source: 'auto' | 'manual'; reason: string; categories: string[]; extra?: ExcerptMessage | undefined },
  ): Promise<EscalationRecord> {
    const { store, clock, audit } = this.deps;
    const now = clock.now();
    const programId = await this.programOf(user, conversation);
    const escalation: EscalationRecord = {
      id: newId(),
      conversationId: conversation.id,
      severity: spec.severity,
      source: spec.source,
      raisedBy: user.userId,
      reason: spec.reason,
      status: 'open',
      tier: 0,
      round: 0,
      createdAt: new Date(now).toISOString(),
      excerpt: await this.excerpt(conversation.id, spec.extra),
      categories: spec.categories,
      alertedIds: [],
      nextStepAt: now,
      ...(programId ? { programId } : {}),
    };
    await store.escalations.create(escalation);
    await audit.record({ actorId: user.userId, action: 'escalation.opened', conversationId: conversation.id, details: { escalationId: escalation.id, severity: spec.severity, source: spec.source } });
    // Alert now from this node; if it dies first, any node's tick finds the step due.
    void this.tick();
    return escalation;
  }

  private async attach(user: Identity, active: EscalationRecord, severity: EscalationSeverity, categories: string[]) {
    const updated = await this.deps.store.escalations.attach(active.id, severity, categories);
    if (!updated) return;
    await this.deps.audit.record({ actorId: user.userId, action: 'escalation.attached', conversationId: active.conversationId, details: { escalationId: active.id, severity } });
    if (updated.severity !== active.severity) this.tellAlerted(updated);
  }

  private async excerpt(conversationId: string, extra: ExcerptMessage | undefined): Promise<ExcerptMessage[]> {
    const { messages } = await this.deps.store.messages.before(conversationId, undefined, EXCERPT_SIZE);
    const excerpt = messages.map((m) => ({ ...excerptOf(m), seq: m.seq }));
    if (extra) excerpt.push(extra);
    return excerpt.slice(-EXCERPT_SIZE);
  }

  /** The program of the mentee concerned: the raiser's, or the mentee member's. */
  private async programOf(user: Identity, conversation: ConversationRecord): Promise<string | undefined> {
    if (user.role === 'mentee') return user.programId;
    if (conversation.kind !== 'mentorship') return undefined;
    const members = await this.deps.store.conversations.listMembers(conversation.id);
    const mentee = members.find((m) => m.role === 'mentee');
    return mentee ? (await this.deps.store.users.get(mentee.userId))?.programId : undefined;
  }

  private async tierMembers(tier: EscalationPolicy['tiers'][number], e: EscalationRecord): Promise<string[]> {
    if (tier.target === 'users') return tier.userIds;
    const onCall = await this.deps.store.onCall.list();
    const ofProgram = e.programId ? onCall.filter((c) => c.programId === e.programId) : [];
    return (ofProgram.length > 0 ? ofProgram : onCall).map((c) => c.userId);
  }

  private async reachable(userIds: string[]): Promise<string[]> {
    const online = await this.deps.presence.onlineAmong(userIds);
    return userIds.filter((id) => online.has(id));
  }

  private sendResources(user: Identity, conversationId: string) {
    this.deps.notifier.toUsers([user.userId], 'safety:resources', { conversationId, resources: this.deps.resources.for(user.locale) });
  }

  private tellAlerted(e: EscalationRecord) {
    const ids = [...new Set([...e.alertedIds, ...(e.ownerId ? [e.ownerId] : [])])];
    if (ids.length > 0) this.deps.notifier.toUsers(ids, 'escalation:updated', { escalation: view(e) });
  }

  /** Clinicians see everything; a participant who raised it sees that it is under way, not the clinical detail. */
  private viewFor(user: Identity, e: EscalationRecord): Escalation {
    const full = view(e);
    if (STAFF.has(user.role)) return full;
    const { note: _note, ...rest } = full;
    return { ...rest, excerpt: [], categories: [], reason: e.raisedBy === user.userId ? e.reason : '' };
  }

  private requireClinician(user: Identity) {
    if (!STAFF.has(user.role)) throw new AppError(ErrorCode.FORBIDDEN, 'Only clinicians and admins handle escalations');
  }

  private async requireOwner(user: Identity, escalationId: string): Promise<EscalationRecord> {
    this.requireClinician(user);
    const escalation = await this.deps.store.escalations.get(escalationId);
    if (!escalation) throw new AppError(ErrorCode.NOT_FOUND, 'Escalation not found');
    if (escalation.ownerId !== user.userId) throw new AppError(ErrorCode.FORBIDDEN, 'Only the clinician who took this escalation can do that');
    return escalation;
  }
}

function excerptOf(m: Message | HeldMessage): Omit<ExcerptMessage, 'seq'> {
  return { senderId: m.senderId, senderName: m.senderName, senderRole: m.senderRole, body: m.body, createdAt: m.createdAt };
}

/** What clinicians see: everything but the scheduling fields. */
export function view(e: EscalationRecord): Escalation {
  const { programId: _p, nextStepAt: _n, leaseUntil: _l, leaseOwner: _o, alertedIds: _a, unroutedAt: _u, ...escalation } = e;
  return escalation;
}

/** The webhook's body: the escalation without message bodies or free text. */
function webhookPayload(e: EscalationRecord, why: string) {
  return {
    event: 'escalation.unrouted',
    why,
    escalation: {
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
    },
  };
}
