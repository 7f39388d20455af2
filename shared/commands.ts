import { z } from 'zod';
import { clientMessageIdSchema, idSchema, seqSchema, userIdSchema } from './ids.js';
import {
  AVAILABILITY,
  CONTACT_POLICIES,
  GROUP_VISIBILITIES,
  REPORT_ACTIONS,
  type Availability,
  type ConversationSummary,
  type CrisisResource,
  type Escalation,
  type Mentorship,
  type SupportRequest,
  type GroupListing,
  type HeldMessage,
  type Message,
  type Report,
  type Sanction,
} from './models.js';

/** Limits the server configures; payload schemas are built from them. */
export interface ProtocolLimits {
  /** Longest message body in characters (Unicode code points). */
  maxMessageLength: number;
}

export const DEFAULT_LIMITS: ProtocolLimits = { maxMessageLength: 4000 };
export const HISTORY_PAGE_MAX = 100;
export const HISTORY_PAGE_DEFAULT = 50;
export const SYNC_PAGE_MAX = 500;

import { languageSchema, lineSchema, messageBodySchema } from './text.js';

export { lineSchema, messageBodySchema };

export const GROUP_CAPACITY_MAX = 500;
export const GROUP_CAPACITY_DEFAULT = 50;
export const SLOW_MODE_MAX_SEC = 3600;
export const MUTE_MAX_SEC = 7 * 24 * 3600;

/**
 * One zod schema per client command. Objects are strict: unknown keys are refused,
 * which also refuses operator objects such as `{ "$ne": null }` wherever they appear.
 */
export function createCommandSchemas(limits: ProtocolLimits = DEFAULT_LIMITS) {
  const conversationRef = { conversationId: idSchema };
  return {
    'conversation:list': z.strictObject({}),
    'conversation:join': z.strictObject(conversationRef),
    'message:send': z.strictObject({
      ...conversationRef,
      clientMessageId: clientMessageIdSchema,
      body: messageBodySchema(limits.maxMessageLength),
    }),
    'conversation:history': z.strictObject({
      ...conversationRef,
      beforeSeq: seqSchema.min(1).optional(),
      limit: z.int().min(1).max(HISTORY_PAGE_MAX).optional(),
    }),
    'conversation:sync': z.strictObject({
      ...conversationRef,
      afterSeq: seqSchema,
      limit: z.int().min(1).max(SYNC_PAGE_MAX).optional(),
    }),
    'typing:set': z.strictObject({ ...conversationRef, typing: z.boolean() }),
    'conversation:markRead': z.strictObject({ ...conversationRef, seq: seqSchema }),

    'group:create': z.strictObject({
      name: lineSchema(80),
      description: messageBodySchema(1000).optional(),
      visibility: z.enum(GROUP_VISIBILITIES),
      capacity: z.int().min(2).max(GROUP_CAPACITY_MAX).optional(),
      slowModeSec: z.int().min(0).max(SLOW_MODE_MAX_SEC).optional(),
      contactPolicy: z.enum(CONTACT_POLICIES).optional(),
    }),
    'group:list': z.strictObject({}),
    'group:join': z.strictObject(conversationRef),
    'group:leave': z.strictObject(conversationRef),
    'group:invite': z.strictObject({ ...conversationRef, userId: userIdSchema }),
    'group:setRole': z.strictObject({ ...conversationRef, userId: userIdSchema, role: z.enum(['facilitator', 'member']) }),
    'group:update': z.strictObject({
      ...conversationRef,
      name: lineSchema(80).optional(),
      description: messageBodySchema(1000).optional(),
      slowModeSec: z.int().min(0).max(SLOW_MODE_MAX_SEC).optional(),
      locked: z.boolean().optional(),
      contactPolicy: z.enum(CONTACT_POLICIES).optional(),
    }),

    'moderation:mute': z.strictObject({
      ...conversationRef,
      userId: userIdSchema,
      durationSec: z.int().min(1).max(MUTE_MAX_SEC),
      reason: lineSchema(500),
    }),
    'moderation:unmute': z.strictObject({ ...conversationRef, userId: userIdSchema }),
    'moderation:remove': z.strictObject({ ...conversationRef, userId: userIdSchema, ban: z.boolean(), reason: lineSchema(500) }),
    'moderation:unban': z.strictObject({ ...conversationRef, userId: userIdSchema }),
    'message:redact': z.strictObject({ messageId: idSchema, reason: lineSchema(500) }),
    'message:report': z.strictObject({ messageId: idSchema, reason: lineSchema(500) }),
    'moderation:reports': z.strictObject({ ...conversationRef, status: z.enum(['open', 'resolved']).optional() }),
    'moderation:resolveReport': z.strictObject({ reportId: idSchema, action: z.enum(REPORT_ACTIONS), note: lineSchema(1000).optional() }),
    'moderation:review': z.strictObject({ messageId: idSchema, decision: z.enum(['approve', 'reject']) }),
    'moderation:held': z.strictObject(conversationRef),

    'escalation:raise': z.strictObject({ ...conversationRef, reason: lineSchema(500).optional() }),
    'escalation:ack': z.strictObject({ escalationId: idSchema }),
    'escalation:join': z.strictObject({ escalationId: idSchema }),
    'escalation:resolve': z.strictObject({
      escalationId: idSchema,
      outcome: lineSchema(200),
      note: messageBodySchema(2000).optional(),
      falseAlarm: z.boolean().optional(),
    }),
    'safety:flag': z.strictObject({ messageId: idSchema, level: z.enum(['elevated', 'high', 'imminent']), note: lineSchema(500).optional() }),
    'escalation:list': z.strictObject({ status: z.enum(['open', 'acknowledged', 'resolved']).optional() }),
    'oncall:set': z.strictObject({ onCall: z.boolean() }),

    'availability:set': z.strictObject({ status: z.enum(AVAILABILITY) }),
    'support:request': z.strictObject({
      topic: lineSchema(60),
      language: languageSchema.optional(),
      note: messageBodySchema(1000).optional(),
    }),
    'support:cancel': z.strictObject({ requestId: idSchema }),
    'support:accept': z.strictObject({ requestId: idSchema }),
    'support:decline': z.strictObject({ requestId: idSchema }),
    'mentorship:end': z.strictObject({ mentorshipId: idSchema, reason: lineSchema(500).optional(), block: z.boolean().optional() }),
  } as const;
}

export const commandSchemas = createCommandSchemas();
export type CommandSchemas = typeof commandSchemas;
export type CommandName = keyof CommandSchemas;
export type CommandPayload<C extends CommandName> = z.infer<CommandSchemas[C]>;

/** What each command answers on success, besides `ok: true`. */
export interface CommandResults {
  'conversation:list': { conversations: ConversationSummary[] };
  'conversation:join': { conversation: ConversationSummary; lastSeq: number };
  /** `held`: stored for review (it seemed to carry contact details), not shown to anyone yet. */
  'message:send': { status: 'sent'; message: Message } | { status: 'held'; held: HeldMessage; explanation: string };
  'conversation:history': { messages: Message[]; hasMore: boolean };
  'conversation:sync': { messages: Message[]; lastSeq: number; hasMore: boolean };
  'typing:set': Record<string, never>;
  'conversation:markRead': { seq: number };
  'group:create': { group: ConversationSummary };
  'group:list': { groups: GroupListing[] };
  'group:join': { conversation: ConversationSummary; lastSeq: number };
  'group:leave': Record<string, never>;
  'group:invite': Record<string, never>;
  'group:setRole': Record<string, never>;
  'group:update': { group: ConversationSummary };
  'moderation:mute': { sanction: Sanction };
  'moderation:unmute': Record<string, never>;
  'moderation:remove': { sanction: Sanction };
  'moderation:unban': Record<string, never>;
  'message:redact': Record<string, never>;
  'message:report': { report: { id: string; status: Report['status'] } };
  'moderation:reports': { reports: Report[] };
  'moderation:resolveReport': { report: Report };
  'moderation:review': { held: HeldMessage; message?: Message };
  /** Messages still waiting for review in the conversation, oldest first. */
  'moderation:held': { held: HeldMessage[] };
  'escalation:raise': { escalation: Escalation };
  'escalation:ack': { escalation: Escalation };
  'escalation:join': { escalation: Escalation };
  'escalation:resolve': { escalation: Escalation };
  /** The escalation opened or raised, for high and imminent; none for elevated (a quiet flag). */
  'safety:flag': { escalation?: Escalation };
  'escalation:list': { escalations: Escalation[] };
  'oncall:set': { onCall: boolean };
  'availability:set': { status: Availability };
  'support:request': { request: SupportRequest; position: number; etaSec: number; notice?: SupportNotice };
  'support:cancel': { request: SupportRequest };
  'support:accept': { mentorship: Mentorship; conversation: ConversationSummary };
  'support:decline': Record<string, never>;
  'mentorship:end': { mentorship: Mentorship };
}

/** Said honestly when no specialist can take a request now. */
export interface SupportNotice {
  message: string;
  resources: CrisisResource[];
}

export const COMMAND_NAMES = Object.keys(commandSchemas) as CommandName[];
