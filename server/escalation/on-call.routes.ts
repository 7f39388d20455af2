import { contactSchema, idParamsSchema, shiftInputSchema, shiftQuerySchema } from '../../shared/http.js';
import { HttpReply, route, type RouteDefinition } from '../infra/http-routes.js';
import type { OnCallService } from './on-call.service.js';

/** On-call shifts (admins plan them, staff read them), who is on call now, and a clinician's own contact. */
export function onCallRoutes(onCall: OnCallService): RouteDefinition[] {
  return [
    route('POST /api/oncall/shifts', { body: shiftInputSchema }, async ({ body }, { user }) => new HttpReply(201, { shift: await onCall.addShift(user, body) })),
    route('GET /api/oncall/shifts', { query: shiftQuerySchema }, async ({ query }, { user }) => ({ shifts: await onCall.shifts(user, query) })),
    route('DELETE /api/oncall/shifts/:id', { params: idParamsSchema }, async ({ params }, { user }) => ({ shift: await onCall.removeShift(user, params.id) })),
    route('GET /api/oncall/now', {}, async (_input, { user }) => onCall.now(user)),
    route('GET /api/clinicians/me/contact', {}, async (_input, { user }) => ({ contact: await onCall.contact(user) })),
    route('PUT /api/clinicians/me/contact', { body: contactSchema }, async ({ body }, { user }) => ({ contact: await onCall.setContact(user, body) })),
  ];
}
