import { z } from 'zod';
import { idSchema, userIdSchema } from './ids.js';
import { ENGAGEMENTS, roleSchema, type AuditEntry, type ConversationSummary, type CrisisResource, type Mentorship, type Role, type RiskLevel, type SpecialistProfile } from './models.js';
import { languageSchema, lineSchema, messageBodySchema } from './text.js';

/**
 * The HTTP half of the contract: one schema per request part, the response types beside them.
 * The server parses every request with these (through one route helper); clients may use the
 * same types.
 */

export const idParamsSchema = z.strictObject({ id: idSchema });

export const assignMentorshipSchema = z
  .strictObject({ menteeId: userIdSchema, specialistId: userIdSchema })
  .refine((v) => v.menteeId !== v.specialistId, { message: 'A mentee cannot mentor themselves', path: ['specialistId'] });
export type AssignMentorship = z.infer<typeof assignMentorshipSchema>;

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Expected HH:MM');
const timezone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'Expected an IANA time zone such as Europe/Amsterdam');

export const profileSchema = z.strictObject({
  displayName: lineSchema(80),
  bio: messageBodySchema(2000).transform((s) => s.trim()),
  specialties: z.array(lineSchema(40).transform((s) => s.toLowerCase())).min(1).max(20),
  languages: z.array(languageSchema).min(1).max(10),
  certified: z.boolean(),
  engagement: z.enum(ENGAGEMENTS),
  maxActiveMentees: z.int().min(1).max(100),
  officeHours: z
    .strictObject({
      timezone,
      slots: z.array(z.strictObject({ day: z.int().min(1).max(7), from: hhmm, to: hhmm }).refine((s) => s.from < s.to, 'from must be before to')).min(1).max(50),
    })
    .optional(),
});
export type ProfileInput = z.infer<typeof profileSchema>;

/** Demo sign-in (embedded default only): a name and a role. */
export const demoSignInSchema = z.strictObject({
  name: lineSchema(40),
  role: roleSchema,
  language: languageSchema.optional(),
});
export type DemoSignIn = z.infer<typeof demoSignInSchema>;

export const guestSchema = z.strictObject({
  displayName: lineSchema(40).optional(),
  language: languageSchema.optional(),
});
export type GuestInput = z.infer<typeof guestSchema>;

const ackTimeout = z.int().min(1).max(3600).default(60);
export const escalationTierSchema = z.discriminatedUnion('target', [
  z.strictObject({ name: lineSchema(80), target: z.literal('on-call'), ackTimeoutSec: ackTimeout }),
  z.strictObject({ name: lineSchema(80), target: z.literal('users'), userIds: z.array(userIdSchema).min(1).max(50), ackTimeoutSec: ackTimeout }),
]);
/** Who a tier alerts: the on-call clinicians (of the conversation's program, else all), or named users. */
export type EscalationTier = z.output<typeof escalationTierSchema>;

export const escalationPolicySchema = z.strictObject({
  tiers: z.array(escalationTierSchema).min(1).max(10),
  /** How many times the whole chain repeats after its last tier. */
  repeats: z.int().min(0).max(20).default(2),
  /** Acknowledged but unresolved this long: the owner and tier 1 are alerted again. */
  realertSec: z.int().min(1).max(24 * 3600).default(900),
  /** Receives a POST (never message bodies) when nobody can be reached. */
  webhookUrl: z.url({ protocol: /^https?$/ }).optional(),
});
export type EscalationPolicy = z.output<typeof escalationPolicySchema>;

export const resourcesQuerySchema = z.strictObject({ lang: z.string().regex(/^[a-z]{2}(?:-[A-Z]{2})?$/, 'Expected a locale such as nl or en-GB').optional() });

export const assessSchema = z.strictObject({ text: z.string().min(1).max(10_000) });

export const auditQuerySchema = z.strictObject({
  conversationId: idSchema.optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  /** A page's `nextBefore`: entries older than that one. */
  before: z.string().regex(/^[0-9a-z]{1,40}$/).optional(),
  action: z.string().regex(/^[a-z]+(?:\.[a-z]+)*$/, 'Expected an action such as escalation.opened').optional(),
  actorId: userIdSchema.optional(),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

/** One rule or layer that matched, as the trial assessment shows it. */
export interface AssessMatch {
  ruleId: string;
  category: string;
  level: RiskLevel;
  phrase: string;
  /** Which layer raised it: situation, lexicon, classifier or window. */
  layer: string;
  /** The frame that lowered it to elevated. */
  loweredBy?: string;
}

/** What each endpoint answers on success. */
export interface HttpResults {
  'POST /api/mentorships': { mentorship: Mentorship; conversation: ConversationSummary };
  'DELETE /api/mentorships/:id': { mentorship: Mentorship };
  'PUT /api/specialists/me': { profile: SpecialistProfile };
  'GET /api/specialists': { specialists: SpecialistProfile[] };
  'POST /api/guest': { token: string; user: { userId: string; name: string; role: 'mentee' }; expiresInSec: number };
  /** Crisis lines for a locale: public, for the "Help now" link on every screen. */
  'GET /api/crisis-resources': { resources: CrisisResource[] };
  /** Present only on the embedded default: tells the web app that demo sign-in exists. */
  'GET /api/demo': { roles: Role[] };
  'POST /api/demo/token': { token: string; user: { userId: string; name: string; role: Role }; expiresInSec: number };
  'GET /api/escalation-policy': { policy: EscalationPolicy };
  'PUT /api/escalation-policy': { policy: EscalationPolicy };
  'POST /api/safety/assess': { level: RiskLevel; categories: string[]; matches: AssessMatch[]; version: string; modelVersion: string };
  /** Oldest first; `nextBefore` when older entries exist (pass it as `before`). */
  'GET /api/audit': { entries: AuditEntry[]; nextBefore?: string };
  /** JSON Lines: one SafetyExample per line, no user ids or names. */
  'GET /api/safety/examples': string;
}
export type HttpRoute = keyof HttpResults;
