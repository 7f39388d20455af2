import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { AppError, ErrorCode } from '../../shared/errors.js';
import { idSchema } from '../../shared/ids.js';
import { parseOrThrow } from '../core/validation.js';
import { userOf } from '../infra/http-app.js';
import { STAFF } from '../moderation/moderators.js';
import type { AuditLog } from './audit-log.js';

const query = z.strictObject({ conversationId: idSchema.optional(), limit: z.coerce.number().int().min(1).max(1000).optional() });

/** GET /api/audit?conversationId=…: the append-only log, for clinicians and admins. */
export function auditRoutes(audit: AuditLog, auth: RequestHandler): Router {
  const router = Router();
  router.get('/api/audit', auth, async (req, res) => {
    if (!STAFF.has(userOf(res).role)) throw new AppError(ErrorCode.FORBIDDEN, 'Only clinicians and admins can read the audit log');
    const filter = parseOrThrow(query, req.query);
    res.json({ entries: await audit.list(filter) });
  });
  return router;
}
