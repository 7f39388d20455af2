import { escalationPolicySchema } from '../../shared/http.js';
import { route, type RouteDefinition } from '../infra/http-routes.js';
import type { EscalationService } from './escalation.service.js';

/** The escalation policy: clinicians and admins read it, admins set it. */
export function escalationRoutes(escalations: EscalationService): RouteDefinition[] {
  return [
    route('GET /api/escalation-policy', {}, async (_input, { user }) => ({ policy: await escalations.policy(user) })),
    route('PUT /api/escalation-policy', { body: escalationPolicySchema }, async ({ body }, { user }) => ({ policy: await escalations.setPolicy(user, body) })),
  ];
}
