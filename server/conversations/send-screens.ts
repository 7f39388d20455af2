import type { CommandPayload, CommandResults } from '../../shared/commands.js';
import type { HeldMessage, Message } from '../../shared/models.js';
import type { Identity } from '../auth/identity.js';
import type { RiskAssessment } from '../safety/risk-assessor.js';
import type { ConversationRecord } from './conversation.repository.js';

export type SendResult = CommandResults['message:send'];

/**
 * The checks every message passes on its way to the store. Both are required by the conversation
 * service's constructor: a send path without crisis detection or boundary protection cannot be built.
 */

/** Boundary protection: contact details held for a moderator or refused, by the conversation's policy. */
export interface ContactScreen {
  /** What the policy objects to in this message; undefined: send it as usual. Synchronous: it runs on every send. */
  findings(user: Identity, conversation: ConversationRecord, body: string): string[] | undefined;
  /** Holds the message for review, or refuses it; called instead of storing it. */
  hold(user: Identity, conversation: ConversationRecord, input: CommandPayload<'message:send'>, createdAt: string, findings: string[]): Promise<SendResult>;
}

/** Crisis detection: assessed before anything is acknowledged, acted on once the message is stored or held. */
export interface RiskScreen {
  /** undefined: this sender's messages are not assessed. */
  assess(user: Identity, conversation: ConversationRecord, body: string): Promise<RiskAssessment | undefined>;
  /** Resources, flags and escalations for a risky message; awaited before the acknowledgement. */
  onMessage(user: Identity, conversation: ConversationRecord, assessment: RiskAssessment, message: Message | HeldMessage): Promise<void>;
}
