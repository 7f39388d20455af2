import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { idSchema } from '../../shared/ids.js';
import { parseOrThrow } from '../core/validation.js';
import { userOf } from '../infra/http-app.js';
import { assignMentorshipSchema, type MentorshipService } from './mentorship.service.js';

const params = z.strictObject({ id: idSchema });

/** How a treatment program assigns a mentee to a peer specialist, and ends it. */
export function mentorshipRoutes(service: MentorshipService, auth: RequestHandler): Router {
  const router = Router();
  router.post('/api/mentorships', auth, async (req, res) => {
    const input = parseOrThrow(assignMentorshipSchema, req.body);
    const { mentorship, conversation, created } = await service.assign(userOf(res), input);
    res.status(created ? 201 : 200).json({ mentorship, conversation });
  });
  router.delete('/api/mentorships/:id', auth, async (req, res) => {
    const { id } = parseOrThrow(params, req.params);
    res.json({ mentorship: await service.end(userOf(res), id) });
  });
  return router;
}
