import type { CommandHandlers } from '../infra/dispatch.js';
import type { ModerationService } from './moderation.service.js';
import type { ReportService } from './report.service.js';
import type { ReviewService } from './review.service.js';

export function moderationHandlers(deps: { moderation: ModerationService; reports: ReportService; review: ReviewService }): CommandHandlers {
  const { moderation, reports, review } = deps;
  return {
    'moderation:mute': (payload, ctx) => moderation.mute(ctx.user, payload),
    'moderation:unmute': (payload, ctx) => moderation.unmute(ctx.user, payload),
    'moderation:remove': (payload, ctx) => moderation.remove(ctx.user, payload),
    'moderation:unban': (payload, ctx) => moderation.unban(ctx.user, payload),
    'message:redact': (payload, ctx) => moderation.redact(ctx.user, payload),
    'message:report': (payload, ctx) => reports.report(ctx.user, payload),
    'moderation:reports': (payload, ctx) => reports.list(ctx.user, payload),
    'moderation:resolveReport': (payload, ctx) => reports.resolve(ctx.user, payload),
    'moderation:review': (payload, ctx) => review.review(ctx.user, payload),
    'moderation:held': (payload, ctx) => review.listWaiting(ctx.user, payload),
  };
}
