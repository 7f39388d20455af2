import type { CommandHandlers } from '../infra/dispatch.js';
import type { MentorshipService } from './mentorship.service.js';

export function mentorshipHandlers(mentorships: MentorshipService): CommandHandlers {
  return {
    'mentorship:end': (payload, ctx) => mentorships.endOwn(ctx.user, payload),
  };
}
