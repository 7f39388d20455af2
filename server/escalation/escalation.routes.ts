import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { AppError, ErrorCode } from '../../shared/errors.js';
import { userIdSchema } from '../../shared/ids.js';
import type { EscalationPolicy } from '../../shared/models.js';
import { parseOrThrow } from '../core/validation.js';
import { userOf } from '../infra/http-app.js';
import { STAFF } from '../moderation/moderators.js';
import type { RiskAssessor } from '../safety/risk-assessor.js';
import type { EscalationService } from './escalation.service.js';

const timeout = z.int().min(1).max(3600).default(60);
export const policySchema = z.strictObject({
  tiers: z
    .array(
      z.discriminatedUnion('target', [
        z.strictObject({ name: z.string().min(1).max(80), target: z.literal('on-call'), ackTimeoutSec: timeout }),
        z.strictObject({ name: z.string().min(1).max(80), target: z.literal('users'), userIds: z.array(userIdSchema).min(1).max(50), ackTimeoutSec: timeout }),
      ]),
    )
    .min(1)
    .max(10),
  repeats: z.int().min(0).max(20).default(2),
  realertSec: z.int().min(1).max(24 * 3600).default(900),
  webhookUrl: z.url({ protocol: /^https?$/ }).optional(),
});

const assessSchema = z.strictObject({ text: z.string().min(1).max(10_000) });

/** The policy (admins) and the assessor's trial run (clinicians and admins). */
export function escalationRoutes(escalations: EscalationService, assessor: RiskAssessor, auth: RequestHandler): Router {
  const router = Router();
  router.get('/api/escalation-policy', auth, async (_req, res) => {
    if (!STAFF.has(userOf(res).role)) throw new AppError(ErrorCode.FORBIDDEN, 'Only clinicians and admins can read the policy');
    res.json({ policy: await escalations.policy() });
  });
  router.put('/api/escalation-policy', auth, async (req, res) => {
    const policy = parseOrThrow(policySchema, req.body) as EscalationPolicy;
    res.json({ policy: await escalations.setPolicy(userOf(res), policy) });
  });
  router.post('/api/safety/assess', auth, (req, res) => {
    if (!STAFF.has(userOf(res).role)) throw new AppError(ErrorCode.FORBIDDEN, 'Only clinicians and admins can try the risk rules');
    const { text } = parseOrThrow(assessSchema, req.body);
    const { level, categories, matches, version } = assessor.assess(text);
    res.json({ level, categories, matches, version });
  });
  return router;
}
