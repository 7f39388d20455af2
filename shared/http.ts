import { z } from 'zod';
import { idSchema, userIdSchema } from './ids.js';
import { ENGAGEMENTS, roleSchema, type AccessLogEntry, type AuditEntry, type ClinicianContact, type ConversationSummary, type CrisisResource, type OnCallShift, type Mentorship, type Role, type RiskLevel, type SpecialistProfile } from './models.js';
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

/** Where a tier's pager lives: today's JSON body (`generic`) or PagerDuty's Events API v2. */
export const tierWebhookSchema = z
  .strictObject({
    url: z.url({ protocol: /^https?$/ }),
    format: z.enum(['generic', 'pagerduty']).default('generic'),
    routingKey: z.string().min(1).max(200).optional(),
  })
  .refine((w) => w.format !== 'pagerduty' || w.routingKey, { message: 'A pagerduty webhook needs its routingKey', path: ['routingKey'] });

/** Out of band, per tier: e-mail to its on-call clinicians and its pager, when nobody acknowledges in time. */
export const tierNotifySchema = z.strictObject({
  /** Seconds after the tier is alerted without an acknowledgement (0: at once). At once when nobody of the tier is connected. */
  afterSec: z.int().min(0).max(3600).default(30),
  email: z.boolean().default(false),
  webhook: tierWebhookSchema.optional(),
});
export type TierNotify = z.output<typeof tierNotifySchema>;

export const escalationTierSchema = z.discriminatedUnion('target', [
  z.strictObject({ name: lineSchema(80), target: z.literal('on-call'), ackTimeoutSec: ackTimeout, notify: tierNotifySchema.optional() }),
  z.strictObject({ name: lineSchema(80), target: z.literal('users'), userIds: z.array(userIdSchema).min(1).max(50), ackTimeoutSec: ackTimeout, notify: tierNotifySchema.optional() }),
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

const MAX_SHIFT_MS = 7 * 24 * 3600 * 1000;
export const shiftInputSchema = z
  .strictObject({ userId: userIdSchema, from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }), tier: lineSchema(80).optional() })
  .refine((s) => Date.parse(s.to) > Date.parse(s.from), { message: 'A shift must end after it starts', path: ['to'] })
  .refine((s) => Date.parse(s.to) - Date.parse(s.from) <= MAX_SHIFT_MS, { message: 'A shift lasts at most 7 days', path: ['to'] });
export type ShiftInput = z.infer<typeof shiftInputSchema>;

export const shiftQuerySchema = z.strictObject({ from: z.iso.datetime({ offset: true }).optional(), to: z.iso.datetime({ offset: true }).optional() });

export const contactSchema = z.strictObject({ email: z.email().max(254).optional() });

export const userParamsSchema = z.strictObject({ id: userIdSchema });

const accessLogPage = {
  limit: z.coerce.number().int().min(1).max(500).optional(),
  /** A page's `nextBefore`: entries older than that one. */
  before: z.string().regex(/^[0-9a-z]{1,40}$/).optional(),
};
export const myAccessLogQuerySchema = z.strictObject(accessLogPage);
export const accessLogQuerySchema = z.strictObject({
  ...accessLogPage,
  userId: userIdSchema.optional(),
  actorId: userIdSchema.optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
export type AccessLogQuery = z.infer<typeof accessLogQuerySchema>;

/** A person's data as `GET /api/me/export` gives it. */
export interface PersonalDataExport {
  exportedAt: string;
  user: { id: string; role?: Role; name?: string; programId?: string; lastSeenAt?: string };
  memberships: Array<{ conversationId: string; kind: string; status: string; role: string; joinedAt: string }>;
  messages: Array<{ id: string; conversationId: string; seq: number; body: string; createdAt: string; redacted: boolean }>;
  supportRequests: Array<{ id: string; topic: string; language?: string; note?: string; status: string; createdAt: string }>;
  sanctions: Array<{ conversationId: string; mutedUntil?: string; muteReason?: string; banned?: boolean; banReason?: string }>;
  accessLog: AccessLogEntry[];
}

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

/** Where a page of mentorships ends: the last one's creation time (ms, base 36) and id. */
export interface MentorshipCursor {
  createdAt: string;
  id: string;
}
export const encodeMentorshipCursor = (m: MentorshipCursor): string => `${Date.parse(m.createdAt).toString(36)}.${m.id}`;

export const mentorshipsQuerySchema = z.strictObject({
  menteeId: userIdSchema.optional(),
  specialistId: userIdSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  /** A page's `nextBefore`: mentorships created before that one. */
  before: z
    .string()
    .regex(/^[0-9a-z]{1,12}\.[A-Za-z0-9_-]{1,64}$/, 'Expected a nextBefore from an earlier page')
    .transform((raw, ctx): MentorshipCursor => {
      const dot = raw.indexOf('.');
      const ms = parseInt(raw.slice(0, dot), 36);
      const at = new Date(ms);
      if (!Number.isFinite(at.getTime())) {
        ctx.addIssue({ code: 'custom', message: 'Expected a nextBefore from an earlier page' });
        return z.NEVER;
      }
      return { createdAt: at.toISOString(), id: raw.slice(dot + 1) };
    })
    .optional(),
});
export type MentorshipsQuery = z.output<typeof mentorshipsQuerySchema>;

/** An active mentorship as the admin's list shows it: with the names its people last signed in with, when known. */
export interface MentorshipListing extends Mentorship {
  menteeName?: string;
  specialistName?: string;
}

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
  /** Admins: active mentorships, newest first; `nextBefore` when more exist (pass it as `before`). */
  'GET /api/mentorships': { mentorships: MentorshipListing[]; nextBefore?: string };
  'PUT /api/specialists/me': { profile: SpecialistProfile };
  'GET /api/specialists': { specialists: SpecialistProfile[] };
  'POST /api/guest': { token: string; user: { userId: string; name: string; role: 'mentee' }; expiresInSec: number };
  'POST /api/oncall/shifts': { shift: OnCallShift };
  /** Shifts overlapping [from, to] (default: from now, the next 7 days), by start. */
  /** Each with the clinician's display name when the server has seen them sign in. */
  'GET /api/oncall/shifts': { shifts: Array<OnCallShift & { name?: string }> };
  'DELETE /api/oncall/shifts/:id': { shift: OnCallShift };
  /** Who is on call now (shift or declared while connected) and the next shifts to start. */
  'GET /api/oncall/now': { now: Array<{ userId: string; name?: string; tier?: string; until?: string; via: 'shift' | 'declared' }>; next: OnCallShift[] };
  'GET /api/clinicians/me/contact': { contact: ClinicianContact };
  'PUT /api/clinicians/me/contact': { contact: ClinicianContact };
  /** Who read the caller's data and why, newest first. */
  'GET /api/me/access-log': { entries: AccessLogEntry[]; nextBefore?: string };
  'GET /api/access-log': { entries: AccessLogEntry[]; nextBefore?: string };
  'GET /api/me/export': PersonalDataExport;
  'GET /api/users/:id/export': PersonalDataExport;
  'DELETE /api/users/:id': { erased: { userId: string; messages: number; held: number; requests: number } };
  /** Crisis lines for a locale: public, for the "Help now" link on every screen. */
  'GET /api/crisis-resources': { resources: CrisisResource[] };
  /** What the sign-in page offers: the demo (embedded default only) and the organisation's provider. */
  'GET /api/auth/config': { demo: boolean; oidc?: { issuer: string; clientId: string; providerName: string; /** OIDC_SCOPE, when set. */ scope?: string } };
  /** Who the bearer's token makes them, as the server reads it (a provider's token names roles in its own words). */
  'GET /api/auth/me': { user: { userId: string; name: string; role: Role; /** ms since the epoch. */ expiresAt: number } };
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
