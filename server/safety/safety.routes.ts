import { assessSchema } from '../../shared/http.js';
import { route, type RouteDefinition } from '../infra/http-routes.js';
import type { SafetyService } from './safety.service.js';

/** `POST /api/safety/assess`: a trial run of the risk assessment, for clinicians and admins. */
export function safetyRoutes(safety: SafetyService): RouteDefinition[] {
  return [route('POST /api/safety/assess', { body: assessSchema }, ({ body }, { user }) => safety.tryAssess(user, body.text))];
}
