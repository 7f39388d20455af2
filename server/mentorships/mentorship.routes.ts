import { assignMentorshipSchema, idParamsSchema, mentorshipsQuerySchema } from '../../shared/http.js';
import { HttpReply, route, type RouteDefinition } from '../infra/http-routes.js';
import type { MentorshipService } from './mentorship.service.js';

/** How a treatment program assigns a mentee to a peer specialist, and ends it. */
export function mentorshipRoutes(service: MentorshipService): RouteDefinition[] {
  return [
    route('POST /api/mentorships', { body: assignMentorshipSchema }, async ({ body }, { user }) => {
      const { mentorship, conversation, created } = await service.assign(user, body);
      return new HttpReply(created ? 201 : 200, { mentorship, conversation });
    }),
    route('GET /api/mentorships', { query: mentorshipsQuerySchema }, ({ query }, { user }) => service.listActive(user, query)),
    route('DELETE /api/mentorships/:id', { params: idParamsSchema }, async ({ params }, { user }) => ({ mentorship: await service.end(user, params.id) })),
  ];
}
