import { profileSchema } from '../../shared/http.js';
import { route, type RouteDefinition } from '../infra/http-routes.js';
import type { SpecialistService } from './specialist.service.js';

/** Specialists' listings: `PUT /api/specialists/me`, `GET /api/specialists`. */
export function specialistRoutes(specialists: SpecialistService): RouteDefinition[] {
  return [
    route('PUT /api/specialists/me', { body: profileSchema }, async ({ body }, { user }) => ({ profile: await specialists.putProfile(user, body) })),
    route('GET /api/specialists', {}, async (_input, { user }) => ({ specialists: await specialists.listProfiles(user) })),
  ];
}
