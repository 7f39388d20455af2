import { z } from 'zod';
import { clientMessageIdSchema, idSchema, seqSchema } from './ids.js';
import type { ConversationSummary, Message } from './models.js';

/** Limits the server configures; payload schemas are built from them. */
export interface ProtocolLimits {
  /** Longest message body in characters (Unicode code points). */
  maxMessageLength: number;
}

export const DEFAULT_LIMITS: ProtocolLimits = { maxMessageLength: 4000 };
export const HISTORY_PAGE_MAX = 100;
export const HISTORY_PAGE_DEFAULT = 50;
export const SYNC_PAGE_MAX = 500;

// C0 and C1 controls and DEL, except tab (\u0009) and newline (\u000A).
const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
// Something other than whitespace and invisible format characters (zero-width space and the like).
const VISIBLE = /[^\p{White_Space}\p{Cf}]/u;

function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** A message body: well-formed text, no control characters but newline and tab, not blank, not too long. */
export function messageBodySchema(maxLength: number) {
  return (
    z
      .string()
      // A cheap bound first: a code point is at most two UTF-16 units.
      .max(maxLength * 2, `Body must be at most ${maxLength} characters`)
      .refine((s) => codePointLength(s) <= maxLength, `Body must be at most ${maxLength} characters`)
      .refine((s) => s.isWellFormed(), 'Body must be well-formed Unicode text')
      .refine((s) => !FORBIDDEN_CONTROL.test(s), 'Body must not contain control characters other than newline and tab')
      .refine((s) => VISIBLE.test(s), 'Body must not be empty or only whitespace')
  );
}

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
    'conversation:read': z.strictObject({ ...conversationRef, seq: seqSchema }),
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
  'message:send': { message: Message };
  'conversation:history': { messages: Message[]; hasMore: boolean };
  'conversation:sync': { messages: Message[]; lastSeq: number; hasMore: boolean };
  'typing:set': Record<string, never>;
  'conversation:read': { seq: number };
}

export const COMMAND_NAMES = Object.keys(commandSchemas) as CommandName[];
