import type { HeldMessage, Message } from '../../shared/models.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Identity } from '../auth/identity.js';
import type { Clock } from '../core/clock.js';
import type { Notifier } from '../core/notifier.js';
import type { ConversationRecord } from '../conversations/conversation.repository.js';
import type { RiskScreen } from '../conversations/send-screens.js';
import type { EscalationService } from '../escalation/escalation.service.js';
import type { Store } from '../store/store.js';
import type { RiskAssessment, RiskAssessor } from './risk-assessor.js';

/** How far back a mentee's own messages are read together with a new one. */
export const WINDOW = { messages: 4, minutes: 15 } as const;

export interface SafetyScreenDeps {
  store: Store;
  assessor: RiskAssessor;
  escalations: EscalationService;
  notifier: Notifier;
  audit: AuditLog;
  clock: Clock;
}

/**
 * The send path's crisis detection: every mentee message is assessed before it is acknowledged,
 * together with the mentee's recent messages when it names a time, a means or a place. Elevated
 * becomes a quiet flag for the conversation's peer specialist; high and imminent an escalation.
 */
export class SafetyScreen implements RiskScreen {
  constructor(private readonly deps: SafetyScreenDeps) {}

  async assess(user: Identity, conversation: ConversationRecord, body: string): Promise<RiskAssessment | undefined> {
    if (user.role !== 'mentee') return undefined;
    const { assessor } = this.deps;
    const alone = assessor.assess(body);
    if (alone.level === 'high' || alone.level === 'imminent' || !alone.cues) return alone;
    const previous = await this.recentFrom(user, conversation.id);
    return previous.length > 0 ? assessor.assessWindow(previous, body, alone) : alone;
  }

  async onMessage(user: Identity, conversation: ConversationRecord, assessment: RiskAssessment, message: Message | HeldMessage): Promise<void> {
    if (assessment.level === 'elevated') await this.flag(conversation, message.id, assessment, 'system');
    await this.deps.escalations.onMessage(user, conversation, assessment, message);
  }

  /**
   * A quiet flag: stored on the conversation (a mark in the specialist's list) and told to its peer
   * specialist or the group's facilitators (clinicians where there are none). Never to the mentee,
   * never a page. Audited.
   */
  async flag(conversation: ConversationRecord, messageId: string, assessment: Pick<RiskAssessment, 'level' | 'categories' | 'version' | 'modelVersion'>, actorId: string): Promise<void> {
    const { store, notifier, audit, clock } = this.deps;
    if (assessment.level === 'none') return;
    const flag = { messageId, level: assessment.level, categories: assessment.categories, at: new Date(clock.now()).toISOString() };
    await store.conversations.flagRisk(conversation.id, flag);
    const members = await store.conversations.listMembers(conversation.id);
    const watchers = members.filter((m) => m.role === 'specialist' || m.role === 'facilitator').map((m) => m.userId);
    const event = { conversationId: conversation.id, messageId, level: flag.level, categories: flag.categories };
    if (watchers.length > 0) notifier.toUsers(watchers, 'risk:flagged', event);
    else notifier.toRole('clinician', 'risk:flagged', event);
    await audit.record({
      actorId,
      action: 'risk.flagged',
      conversationId: conversation.id,
      targetMessageId: messageId,
      details: { level: flag.level, categories: flag.categories, rulesVersion: assessment.version, modelVersion: assessment.modelVersion },
    });
  }

  /** The sender's own messages of the last minutes, oldest first (the new one is not stored yet). */
  private async recentFrom(user: Identity, conversationId: string): Promise<string[]> {
    const since = this.deps.clock.now() - WINDOW.minutes * 60_000;
    const { messages } = await this.deps.store.messages.before(conversationId, undefined, WINDOW.messages * 4);
    return messages
      .filter((m) => m.senderId === user.userId && Date.parse(m.createdAt) >= since && !m.redaction)
      .slice(-WINDOW.messages)
      .map((m) => m.body);
  }
}
