import { assessSchema, resourcesQuerySchema } from '../../shared/http.js';
import { HttpReply, publicRoute, route, type RouteDefinition } from '../infra/http-routes.js';
import type { CrisisResources } from './crisis-resources.js';
import type { SafetyService } from './safety.service.js';

/**
 * Crisis lines (anyone: the "Help now" link works before signing in); a trial run of the risk
 * assessment (clinicians and admins); the examples for training (admins).
 */
export function safetyRoutes(safety: SafetyService, resources: CrisisResources): RouteDefinition[] {
  return [
    publicRoute('GET /api/crisis-resources', { query: resourcesQuerySchema }, async ({ query }) => ({ resources: resources.for(query.lang) })),
    route('POST /api/safety/assess', { body: assessSchema }, ({ body }, { user }) => safety.tryAssess(user, body.text)),
    route('GET /api/safety/examples', {}, async (_input, { user }) => new HttpReply(200, await safety.exportExamples(user), 'application/x-ndjson')),
  ];
}
