import { AppError, ErrorCode } from '../../shared/errors.js';
import type { CommandPayload, CommandResults } from '../../shared/commands.js';
import type { HttpResults } from '../../shared/http.js';
import type { Identity } from '../auth/identity.js';
import { isStaff, requireRole, requireStaff } from '../auth/roles.js';
import type { EscalationService } from '../escalation/escalation.service.js';
import type { Store } from '../store/store.js';
import type { RiskAssessor } from './risk-assessor.js';
import type { SafetyExamples } from './safety-examples.js';
import type { SafetyScreen } from './safety-screen.js';

export interface SafetyServiceDeps {
  store: Store;
  assessor: RiskAssessor;
  screen: SafetyScreen;
  escalations: EscalationService;
  examples: SafetyExamples;
}

/** What people do with detection itself: try it, teach it what it missed, export what it was taught. */
export class SafetyService {
  constructor(private readonly deps: SafetyServiceDeps) {}

  /** How a text would be assessed, and which layer raised each match. Nothing is stored. */
  tryAssess(user: Identity, text: string): HttpResults['POST /api/safety/assess'] {
    requireStaff(user, 'try the risk assessment');
    const { level, categories, matches, version, modelVersion } = this.deps.assessor.assess(text);
    return { level, categories, matches, version, modelVersion };
  }

  /**
   * A peer specialist, facilitator or clinician marks a message the detector missed: recorded as a
   * training example; at high or imminent it opens or raises an escalation like a manual raise,
   * at elevated it is a quiet flag.
   */
  async flag(user: Identity, input: CommandPayload<'safety:flag'>): Promise<CommandResults['safety:flag']> {
    const { store, assessor, screen, escalations, examples } = this.deps;
    const message = await store.messages.get(input.messageId);
    if (!message) throw new AppError(ErrorCode.NOT_FOUND, 'Message not found');
    const [conversation, member] = await Promise.all([store.conversations.get(message.conversationId), store.conversations.getMember(message.conversationId, user.userId)]);
    if (!conversation) throw new AppError(ErrorCode.NOT_FOUND, 'Conversation not found');
    const watches = member !== undefined && (member.role === 'specialist' || member.role === 'facilitator');
    if (!watches && !isStaff(user)) throw new AppError(ErrorCode.FORBIDDEN, "Only the conversation's peer specialist, its facilitators and clinicians can flag a message");
    if (message.senderId === user.userId) throw new AppError(ErrorCode.VALIDATION_FAILED, 'Flag what someone else wrote', { details: { issues: [{ path: 'messageId', message: 'This is your own message' }] } });

    const members = await store.conversations.listMembers(conversation.id);
    const names = [...(await store.users.getMany(members.map((m) => m.userId))).values()].map((u) => u.name);
    await examples.record(
      { text: message.body, level: input.level, categories: [], source: 'flag', ...(input.note ? { note: input.note } : {}), rulesVersion: assessor.version, modelVersion: assessor.modelVersion },
      [...names, message.senderName, user.name],
    );
    if (input.level === 'elevated') {
      await screen.flag(conversation, message.id, { level: 'elevated', categories: [], version: assessor.version, modelVersion: assessor.modelVersion }, user.userId);
      return {};
    }
    const reason = `Flagged by ${isStaff(user) ? 'a clinician' : 'a peer specialist'}${input.note ? `: ${input.note}` : ''}`;
    return { escalation: await escalations.raiseOn(user, conversation, input.level, reason) };
  }

  /** Every example as JSON Lines, for the next training round (admins). */
  async exportExamples(user: Identity): Promise<string> {
    requireRole(user, 'admin', 'Only admins export the safety examples');
    return this.deps.examples.export();
  }
}
