import { auditQuerySchema } from '../../shared/http.js';
import { route, type RouteDefinition } from '../infra/http-routes.js';
import type { AccessRecorder } from '../privacy/access-log.js';
import type { AuditLog } from './audit-log.js';

/** `GET /api/audit?conversationId=…`: the append-only log, for clinicians and admins; a conversation's trail is a read of its client's data. */
export function auditRoutes(audit: AuditLog, access: AccessRecorder): RouteDefinition[] {
  return [
    route('GET /api/audit', { query: auditQuerySchema }, async ({ query }, { user }) => {
      const page = await audit.read(user, query);
      if (query.conversationId) await access.conversationRead(user, query.conversationId, 'audit');
      return page;
    }),
  ];
}
