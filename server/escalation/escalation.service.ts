import { AppError, ErrorCode } from '../../shared/errors.js';
import type { CommandPayload, CommandResults } from '../../shared/commands.js';
import type { EscalationPolicy } from '../../shared/http.js';
import {
  riskRank,
  type Escalation,
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
import { isStaff, requireRole, requireStaff } from '../auth/roles.js';
import type { CrisisResources } from '../safety/crisis-resources.js';
import type { RiskAssessment } from '../safety/risk-assessor.js';
import { checkWebhookUrl, type WebhookRules } from './webhook-target.js';
import type { SafetyExamples } from '../safety/safety-examples.js';
import type { Store } from '../store/store.js';
import { currentPolicy } from './escalation.policy.js';
import type { EscalationRecord } from './escalation.repository.js';
import type { EscalationSteps } from './escalation.steps.js';
import type { OutOfBand } from './out-of-band.js';
import type { AccessRecorder } from '../privacy/access-log.js';
import { activeFor, excerptFor, excerptOf, subjectOf } from './escalation.context.js';
import { view } from './escalation.view.js';

export interface EscalationServiceDeps {
  store: Store;
  notifier: Notifier;
  audit: AuditLog;
  clock: Clock;
  resources: CrisisResources;
  /** Where a false alarm becomes a training example. */
  examples: SafetyExamples;
  /** Which webhook addresses the policy may name. */
  webhookRules: WebhookRules;
  /** Carries out the steps; kicked when an escalation opens. */
  steps: EscalationSteps;
  /** Pagers hear when an escalation is acknowledged or resolved in the app. */
  outOfBand: OutOfBand;
  /** What clinicians read of a client (excerpts, the handed-over history) is access-logged (NEN 7513). */
  access: AccessRecorder;
}


/**
 * Crisis escalations: opened from risky messages and requests or raised by hand, acknowledged by
 * exactly one clinician, handed off and resolved. Their steps in time are EscalationSteps'.
 */
export class EscalationService {
  constructor(private readonly deps: EscalationServiceDeps) {}

  /**
   * After a mentee's message is stored (or held): crisis resources to the sender at once, and at
   * `high` or `imminent` an escalation, opened or (if one is active) raised. Elevated signals only
   * attach to an active escalation. Awaited before the message is acknowledged.
   */
  async onMessage(user: Identity, conversation: ConversationRecord, assessment: RiskAssessment, message: Message | HeldMessage): Promise<void> {
    if (assessment.level === 'none') return;
    const severe = assessment.level === 'high' || assessment.level === 'imminent';
    if (severe) this.sendResources(user, conversation.id);
    const active = await activeFor(this.deps.store, conversation, user.userId);
    if (active) return this.attach(user, active, assessment.level as EscalationSeverity, assessment.categories);
    if (!severe) return;
    await this.open(user, conversation, {
      severity: assessment.level as EscalationSeverity,
      source: 'auto',
      reason: `Risk detected (${assessment.categories.join(', ')}; rules ${assessment.version}, model ${assessment.modelVersion})`,
      categories: assessment.categories,
      extra: 'findings' in message ? { ...excerptOf(message), seq: 0, held: true } : undefined,
      versions: { rulesVersion: assessment.version, modelVersion: assessment.modelVersion },
    });
  }

  /**
   * A support request whose note signals a crisis: resources to the mentee, and an escalation on a
   * support conversation (opened here) with the note as its context. A mentee with an escalation
   * already open gets that one raised instead: asking again and again pages nobody twice.
   */
  async onRequest(user: Identity, assessment: RiskAssessment, note: string, openConversation: () => Promise<ConversationRecord>): Promise<void> {
    const active = await this.deps.store.escalations.findActiveForSubject(user.userId);
    if (active) {
      this.sendResources(user, active.conversationId);
      return this.attach(user, active, assessment.level as EscalationSeverity, assessment.categories);
    }
    const conversation = await openConversation();
    this.sendResources(user, conversation.id);
    await this.open(user, conversation, {
      severity: assessment.level as EscalationSeverity,
      source: 'auto',
      reason: `Risk detected in a request for a peer specialist (${assessment.categories.join(', ')}; rules ${assessment.version}, model ${assessment.modelVersion})`,
      categories: assessment.categories,
      extra: { seq: 0, senderId: user.userId, senderName: user.name, senderRole: user.role, body: note, createdAt: conversation.createdAt },
      versions: { rulesVersion: assessment.version, modelVersion: assessment.modelVersion },
    });
  }

  async raise(user: Identity, input: CommandPayload<'escalation:raise'>): Promise<CommandResults['escalation:raise']> {
    const { store } = this.deps;
    const [conversation, member] = await Promise.all([store.conversations.get(input.conversationId), store.conversations.getMember(input.conversationId, user.userId)]);
    if (!conversation) throw new AppError(ErrorCode.NOT_FOUND, 'Conversation not found');
    if (!member) throw new AppError(ErrorCode.FORBIDDEN, 'Only participants can raise an escalation for this conversation');
    if (user.role === 'mentee') this.sendResources(user, conversation.id);
    const reason = input.reason ?? (user.role === 'mentee' ? 'The mentee asked for help now' : 'Raised by a participant');
    return { escalation: await this.raiseOn(user, conversation, 'high', reason) };
  }

  /** A manual raise: the active escalation is raised (never lowered), or a new one opens. */
  async raiseOn(user: Identity, conversation: ConversationRecord, severity: EscalationSeverity, reason: string): Promise<Escalation> {
    const { store } = this.deps;
    const active = await activeFor(this.deps.store, conversation, (await subjectOf(this.deps.store, user, conversation)).userId);
    if (active) {
      await this.attach(user, active, severity, []);
      return this.viewFor(user, (await store.escalations.get(active.id))!);
    }
    return this.viewFor(user, await this.open(user, conversation, { severity, source: 'manual', reason, categories: [] }));
  }

  async ack(user: Identity, escalationId: string): Promise<CommandResults['escalation:ack']> {
    this.requireClinician(user);
    const { store, clock, audit } = this.deps;
    const policy = await currentPolicy(store);
    const now = clock.now();
    const claimed = await store.escalations.acknowledge(escalationId, user.userId, new Date(now).toISOString(), now + policy.realertSec * 1000);
    if (!claimed) {
      const existing = await store.escalations.get(escalationId);
      if (!existing) throw new AppError(ErrorCode.NOT_FOUND, 'Escalation not found');
      if (existing.ownerId === user.userId) return { escalation: { ...view(existing), ownerName: user.name } };
      // The one who was slower learns who was faster (and may talk to them).
      const ownerName = existing.ownerId ? (await store.users.get(existing.ownerId))?.name : undefined;
      throw new AppError(ErrorCode.ALREADY_CLAIMED, existing.ownerId ? 'Another clinician has already taken this escalation' : `This escalation is ${existing.status}`, {
        details: { status: existing.status, ...(existing.ownerId ? { ownerId: existing.ownerId } : {}), ...(ownerName ? { ownerName } : {}) },
      });
    }
    const waitedMs = now - Date.parse(claimed.createdAt);
    await audit.record({ actorId: user.userId, action: 'escalation.acknowledged', conversationId: claimed.conversationId, details: { escalationId, waitedMs } });
    this.tellAlerted(claimed, user.name);
    await this.stopPagers(claimed, 'acknowledge');
    return { escalation: { ...view(claimed), ownerName: user.name } };
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
    await this.deps.access.conversationRead(user, escalation.conversationId, 'history', escalation.id);
    return { escalation: { ...view(escalation), ownerName: user.name } };
  }

  async resolve(user: Identity, input: CommandPayload<'escalation:resolve'>): Promise<CommandResults['escalation:resolve']> {
    await this.requireOwner(user, input.escalationId);
    const { store, clock, audit } = this.deps;
    const resolved = await store.escalations.resolve(input.escalationId, user.userId, {
      resolvedAt: new Date(clock.now()).toISOString(),
      outcome: input.outcome,
      ...(input.note ? { note: input.note } : {}),
      ...(input.falseAlarm ? { falseAlarm: true } : {}),
    });
    if (!resolved) throw new AppError(ErrorCode.CONFLICT, 'This escalation is already resolved');
    await audit.record({
      actorId: user.userId,
      action: 'escalation.resolved',
      conversationId: resolved.conversationId,
      details: { escalationId: resolved.id, outcome: input.outcome, falseAlarm: input.falseAlarm ?? false },
    });
    if (input.falseAlarm) await this.recordFalseAlarm(resolved);
    this.tellAlerted(resolved, user.name);
    await this.stopPagers(resolved, 'resolve');
    return { escalation: { ...view(resolved), ownerName: user.name } };
  }

  /** Queues the pager events; the steps send them (at once: the ticker is kicked). */
  private async stopPagers(escalation: EscalationRecord, event: 'acknowledge' | 'resolve') {
    await this.deps.outOfBand.stopPagers(escalation, event);
    void this.deps.steps.tick();
  }

  /** The dashboard's feed: open first, then acknowledged, then resolved; by severity, then oldest first. */
  async list(user: Identity, input: CommandPayload<'escalation:list'>): Promise<CommandResults['escalation:list']> {
    this.requireClinician(user);
    const order = { open: 0, acknowledged: 1, resolved: 2 } as const;
    const all = await this.deps.store.escalations.list(input.status);
    all.sort((a, b) => order[a.status] - order[b.status] || riskRank(b.severity) - riskRank(a.severity) || a.createdAt.localeCompare(b.createdAt));
    const owners = await this.deps.store.users.getMany([...new Set(all.flatMap((e) => (e.ownerId ? [e.ownerId] : [])))]);
    await this.deps.access.escalationsRead(user, all);
    return { escalations: all.map((e) => withOwnerName(view(e), e.ownerId ? owners.get(e.ownerId)?.name : undefined)) };
  }

  async setOnCall(user: Identity, onCall: boolean): Promise<CommandResults['oncall:set']> {
    if (user.role !== 'clinician') throw new AppError(ErrorCode.FORBIDDEN, 'Only clinicians go on call');
    await this.deps.store.onCall.set(user.userId, onCall, user.programId);
    await this.deps.audit.record({ actorId: user.userId, action: onCall ? 'oncall.started' : 'oncall.stopped' });
    return { onCall };
  }

  policy(user: Identity): Promise<EscalationPolicy> {
    requireStaff(user, 'read the escalation policy');
    return currentPolicy(this.deps.store);
  }

  async setPolicy(user: Identity, policy: EscalationPolicy): Promise<EscalationPolicy> {
    requireRole(user, 'admin', 'Only admins set the escalation policy');
    for (const url of [policy.webhookUrl, ...policy.tiers.map((t) => t.notify?.webhook?.url)]) if (url) checkWebhookUrl(url, this.deps.webhookRules);
    await this.deps.store.policies.put(policy);
    await this.deps.audit.record({ actorId: user.userId, action: 'policy.updated', details: { tiers: policy.tiers.length, repeats: policy.repeats } });
    return policy;
  }

  private async open(
    user: Identity,
    conversation: ConversationRecord,
    spec: {
      severity: EscalationSeverity;
      source: 'auto' | 'manual';
      reason: string;
      categories: string[];
      extra?: ExcerptMessage | undefined;
      versions?: { rulesVersion: string; modelVersion: string };
    },
  ): Promise<EscalationRecord> {
    const { store, clock, audit } = this.deps;
    const now = clock.now();
    const subject = await subjectOf(this.deps.store, user, conversation);
    const programId = subject.programId;
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
      excerpt: await excerptFor(this.deps.store, conversation.id, spec.extra),
      categories: spec.categories,
      alertedIds: [],
      nextStepAt: now,
      ...(programId ? { programId } : {}),
      ...(subject.userId ? { subjectId: subject.userId } : {}),
      ...spec.versions,
    };
    await store.escalations.create(escalation);
    await audit.record({ actorId: user.userId, action: 'escalation.opened', conversationId: conversation.id, details: { escalationId: escalation.id, severity: spec.severity, source: spec.source } });
    // Alert now from this node; if it dies first, any node's tick finds the step due.
    void this.deps.steps.tick();
    return escalation;
  }

  /** The message that opened an automatic escalation, as an example of what is not a crisis. */
  private async recordFalseAlarm(e: EscalationRecord) {
    if (e.source !== 'auto') return;
    const trigger = [...e.excerpt].reverse().find((m) => m.senderId === e.raisedBy);
    if (!trigger) return;
    await this.deps.examples.record(
      { text: trigger.body, level: 'none', categories: e.categories, source: 'false-alarm', rulesVersion: e.rulesVersion ?? 'unknown', modelVersion: e.modelVersion ?? 'unknown' },
      [...new Set(e.excerpt.map((m) => m.senderName))],
    );
  }

  private async attach(user: Identity, active: EscalationRecord, severity: EscalationSeverity, categories: string[]) {
    const updated = await this.deps.store.escalations.attach(active.id, severity, categories);
    if (!updated) return;
    await this.deps.audit.record({ actorId: user.userId, action: 'escalation.attached', conversationId: active.conversationId, details: { escalationId: active.id, severity } });
    if (updated.severity !== active.severity) this.tellAlerted(updated);
  }




  private sendResources(user: Identity, conversationId: string) {
    this.deps.notifier.toUsers([user.userId], 'safety:resources', { conversationId, resources: this.deps.resources.for(user.locale) });
  }

  private tellAlerted(e: EscalationRecord, ownerName?: string) {
    const ids = [...new Set([...e.alertedIds, ...(e.ownerId ? [e.ownerId] : [])])];
    if (ids.length > 0) this.deps.notifier.toUsers(ids, 'escalation:updated', { escalation: withOwnerName(view(e), ownerName) });
  }

  /** Clinicians see everything; a participant who raised it sees that it is under way, not the clinical detail. */
  private viewFor(user: Identity, e: EscalationRecord): Escalation {
    const full = view(e);
    if (isStaff(user)) return full;
    const { note: _note, ...rest } = full;
    return { ...rest, excerpt: [], categories: [], reason: e.raisedBy === user.userId ? e.reason : '' };
  }

  private requireClinician(user: Identity) {
    requireStaff(user, 'handle escalations');
  }

  private async requireOwner(user: Identity, escalationId: string): Promise<EscalationRecord> {
    this.requireClinician(user);
    const escalation = await this.deps.store.escalations.get(escalationId);
    if (!escalation) throw new AppError(ErrorCode.NOT_FOUND, 'Escalation not found');
    if (escalation.ownerId !== user.userId) throw new AppError(ErrorCode.FORBIDDEN, 'Only the clinician who took this escalation can do that');
    return escalation;
  }
}

/** The owner's display name beside the id, when known (it is not stored with the escalation). */
function withOwnerName(escalation: Escalation, ownerName: string | undefined): Escalation {
  return ownerName ? { ...escalation, ownerName } : escalation;
}
