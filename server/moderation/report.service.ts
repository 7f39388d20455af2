import { AppError, ErrorCode } from '../../shared/errors.js';
import type { CommandPayload, CommandResults } from '../../shared/commands.js';
import type { Report } from '../../shared/models.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Identity } from '../auth/identity.js';
import type { Clock } from '../core/clock.js';
import { newId } from '../core/ids.js';
import type { Notifier } from '../core/notifier.js';
import type { Store } from '../store/store.js';
import type { ReportRecord } from './moderation.repository.js';
import { moderatorAudience, requireModerator } from './moderators.js';

export interface ReportServiceDeps {
  store: Store;
  notifier: Notifier;
  audit: AuditLog;
  clock: Clock;
}

/** Reports reach the room's own moderators live, on whichever node they are; the reporter stays unnamed. */
export class ReportService {
  constructor(private readonly deps: ReportServiceDeps) {}

  async report(user: Identity, input: CommandPayload<'message:report'>): Promise<CommandResults['message:report']> {
    const { store, notifier, audit, clock } = this.deps;
    const message = await store.messages.get(input.messageId);
    if (!message) throw new AppError(ErrorCode.NOT_FOUND, 'Message not found');
    const conversation = await store.conversations.get(message.conversationId);
    if (!conversation || !(await store.conversations.getMember(message.conversationId, user.userId))) {
      throw new AppError(ErrorCode.FORBIDDEN, 'You can only report messages in your own conversations');
    }
    if (message.senderId === user.userId) throw new AppError(ErrorCode.FORBIDDEN, 'You cannot report your own message');
    const { report, created } = await store.reports.createIfAbsent({
      id: newId(),
      reporterId: user.userId,
      conversationId: message.conversationId,
      messageId: message.id,
      messageSeq: message.seq,
      reportedUserId: message.senderId,
      reason: input.reason,
      status: 'open',
      createdAt: new Date(clock.now()).toISOString(),
    });
    if (created) {
      await audit.record({ actorId: user.userId, action: 'report.created', conversationId: message.conversationId, targetUserId: message.senderId, targetMessageId: message.id, reason: input.reason });
      // The reported user never hears of it, even when they moderate the room themselves.
      const audience = await moderatorAudience(store, conversation, [message.senderId, user.userId]);
      const event = { report: publicReport(report) };
      if ('role' in audience) notifier.toRole(audience.role, 'report:created', event);
      else notifier.toUsers(audience.users, 'report:created', event);
    }
    return { report: { id: report.id, status: report.status } };
  }

  async list(user: Identity, input: CommandPayload<'moderation:reports'>): Promise<CommandResults['moderation:reports']> {
    await requireModerator(this.deps.store, user, input.conversationId, 'Only this conversation’s moderators can see its reports');
    const reports = await this.deps.store.reports.list(input.conversationId, input.status);
    return { reports: reports.map(publicReport) };
  }

  async resolve(user: Identity, input: CommandPayload<'moderation:resolveReport'>): Promise<CommandResults['moderation:resolveReport']> {
    const { store, audit, clock } = this.deps;
    const report = await store.reports.get(input.reportId);
    if (!report) throw new AppError(ErrorCode.NOT_FOUND, 'Report not found');
    await requireModerator(store, user, report.conversationId, 'Only this conversation’s moderators can resolve its reports');
    const resolved = (await store.reports.resolve(report.id, {
      resolvedAt: new Date(clock.now()).toISOString(),
      resolvedBy: user.userId,
      action: input.action,
      ...(input.note ? { note: input.note } : {}),
    }))!;
    if (report.status === 'open') {
      await audit.record({ actorId: user.userId, action: 'report.resolved', conversationId: report.conversationId, targetUserId: report.reportedUserId, targetMessageId: report.messageId, details: { action: input.action } });
    }
    return { report: publicReport(resolved) };
  }

}

/** Everything but the reporter. */
function publicReport({ reporterId: _hidden, ...report }: ReportRecord): Report {
  return report;
}
