import { assessSchema } from '../../shared/http.js';
import { HttpReply, route, type RouteDefinition } from '../infra/http-routes.js';
import type { SafetyService } from './safety.service.js';

/** A trial run of the risk assessment (clinicians and admins); the examples for training (admins). */
export function safetyRoutes(safety: SafetyService): RouteDefinition[] {
  return [
    route('POST /api/safety/assess', { body: assessSchema }, ({ body }, { user }) => safety.tryAssess(user, body.text)),
    route('GET /api/safety/examples', {}, async (_input, { user }) => new HttpReply(200, await safety.exportExamples(user), 'application/x-ndjson')),
  ];
}
