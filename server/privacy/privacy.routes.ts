import { accessLogQuerySchema, myAccessLogQuerySchema, userParamsSchema } from '../../shared/http.js';
import { route, type RouteDefinition } from '../infra/http-routes.js';
import type { PrivacyService } from './privacy.service.js';

/** Who read my data; my data; an admin's access log, exports and erasure. */
export function privacyRoutes(privacy: PrivacyService): RouteDefinition[] {
  return [
    route('GET /api/me/access-log', { query: myAccessLogQuerySchema }, ({ query }, { user }) => privacy.myAccessLog(user, query)),
    route('GET /api/access-log', { query: accessLogQuerySchema }, ({ query }, { user }) => privacy.accessLog(user, query)),
    route('GET /api/me/export', {}, (_input, { user }) => privacy.export(user, user.userId)),
    route('GET /api/users/:id/export', { params: userParamsSchema }, ({ params }, { user }) => privacy.export(user, params.id)),
    route('DELETE /api/users/:id', { params: userParamsSchema }, ({ params }, { user }) => privacy.erase(user, params.id)),
  ];
}
