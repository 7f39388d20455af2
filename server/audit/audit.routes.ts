import { auditQuerySchema } from '../../shared/http.js';
import { route, type RouteDefinition } from '../infra/http-routes.js';
import type { AuditLog } from './audit-log.js';

/** `GET /api/audit?conversationId=…`: the append-only log, for clinicians and admins. */
export function auditRoutes(audit: AuditLog): RouteDefinition[] {
  return [route('GET /api/audit', { query: auditQuerySchema }, ({ query }, { user }) => audit.read(user, query))];
}
