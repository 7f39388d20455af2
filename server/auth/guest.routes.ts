import { guestSchema } from '../../shared/http.js';
import { HttpReply, publicRoute, type RouteDefinition } from '../infra/http-routes.js';
import type { GuestAccess } from './guest-access.js';

/** `POST /api/guest`: anyone may ask; the allowance per address keeps it from being farmed. */
export function guestRoutes(guests: GuestAccess): RouteDefinition[] {
  return [publicRoute('POST /api/guest', { body: guestSchema }, async ({ body }, { ip }) => new HttpReply(201, await guests.mint(ip, body)))];
}
