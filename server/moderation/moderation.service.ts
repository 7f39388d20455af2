import { AppError, ErrorCode } from '../../shared/errors.js';
import type { CommandPayload, CommandResults } from '../../shared/commands.js';
import type { Sanction } from '../../shared/models.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Identity } from '../auth/identity.js';
import type { Clock } from '../core/clock.js';
import type { Notifier } from '../core/notifier.js';
import type { ConversationRecord } from '../conversations/conversation.repository.js';
import type { Store } from '../store/store.js';
import { isStaff } from '../auth/roles.js';
import { canModerate, requireModerator } from './moderators.js';

export interface ModerationServiceDeps {
  store: Store;
  notifier: Notifier;
  audit: AuditLog;
  clock: Clock;
}

/**
 * Sanctions and redaction. A mute is stored with its end time and checked on every send, so it
 * ends by itself, whatever happens to the nodes in between. Every action is audited and the
 * affected user is told, with the reason and the end time.
 */
export class ModerationService {
  constructor(private readonly deps: ModerationServiceDeps) {}

  async mute(user: Identity, input: CommandPayload<'moderation:mute'>): Promise<CommandResults['moderation:mute']> {
    const conversation = await this.requireSanctionable(user, input.conversationId, input.userId);
    const until = new Date(this.deps.clock.now() + input.durationSec * 1000).toISOString();
    await this.deps.store.standings.patch(conversation.id, input.userId, { mutedUntil: until, muteReason: input.reason });
    const sanction: Sanction = { conversationId: conversation.id, kind: 'mute', reason: input.reason, until };
    await this.deps.audit.record({ actorId: user.userId, action: 'member.muted', conversationId: conversation.id, targetUserId: input.userId, reason: input.reason, details: { until } });
    this.deps.notifier.toUsers([input.userId], 'sanction:applied', { sanction });
    return { sanction };
  }

  async unmute(user: Identity, input: CommandPayload<'moderation:unmute'>): Promise<CommandResults['moderation:unmute']> {
    const conversation = await requireModerator(this.deps.store, user, input.conversationId);
    await this.deps.store.standings.patch(conversation.id, input.userId, {}, ['mutedUntil', 'muteReason']);
    await this.deps.audit.record({ actorId: user.userId, action: 'member.unmuted', conversationId: conversation.id, targetUserId: input.userId });
    this.deps.notifier.toUsers([input.userId], 'sanction:lifted', { conversationId: conversation.id, kind: 'mute' });
    return {};
  }

  /** Removes a member (optionally banning them): their sockets on every node stop receiving the group's events. */
  async remove(user: Identity, input: CommandPayload<'moderation:remove'>): Promise<CommandResults['moderation:remove']> {
    const { store, notifier, audit } = this.deps;
    const conversation = await this.requireSanctionable(user, input.conversationId, input.userId);
    if (conversation.kind !== 'group') throw new AppError(ErrorCode.FORBIDDEN, 'Members can be removed from group rooms only; end a mentorship instead');
    if (input.ban) await store.standings.patch(conversation.id, input.userId, { banned: true, banReason: input.reason });
    const removed = await store.conversations.removeMember(conversation.id, input.userId);
    notifier.unsubscribe(input.userId, conversation.id);
    const kind = input.ban ? 'ban' : 'removal';
    const sanction: Sanction = { conversationId: conversation.id, kind, reason: input.reason };
    await audit.record({ actorId: user.userId, action: input.ban ? 'member.banned' : 'member.removed', conversationId: conversation.id, targetUserId: input.userId, reason: input.reason });
    notifier.toUsers([input.userId], 'sanction:applied', { sanction });
    if (removed) notifier.toConversation(conversation.id, 'member:left', { conversationId: conversation.id, userId: input.userId, reason: input.ban ? 'banned' : 'removed' });
    return { sanction };
  }

  async unban(user: Identity, input: CommandPayload<'moderation:unban'>): Promise<CommandResults['moderation:unban']> {
    const conversation = await requireModerator(this.deps.store, user, input.conversationId);
    await this.deps.store.standings.patch(conversation.id, input.userId, {}, ['banned', 'banReason']);
    await this.deps.audit.record({ actorId: user.userId, action: 'member.unbanned', conversationId: conversation.id, targetUserId: input.userId });
    this.deps.notifier.toUsers([input.userId], 'sanction:lifted', { conversationId: conversation.id, kind: 'ban' });
    return {};
  }

  /** Hides a message's body from members (kept for the audit). Its moderators, or its author, may. */
  async redact(user: Identity, input: CommandPayload<'message:redact'>): Promise<CommandResults['message:redact']> {
    const { store, notifier, audit, clock } = this.deps;
    const message = await store.messages.get(input.messageId);
    if (!message) throw new AppError(ErrorCode.NOT_FOUND, 'Message not found');
    const conversation = await store.conversations.get(message.conversationId);
    const member = await store.conversations.getMember(message.conversationId, user.userId);
    const isAuthor = message.senderId === user.userId && member !== undefined;
    if (!conversation || !(isAuthor || canModerate(user, conversation, member))) {
      throw new AppError(ErrorCode.FORBIDDEN, 'Only the author or this conversation’s moderators can redact a message');
    }
    if (message.redaction) return {};
    await store.messages.redact(message.id, { at: new Date(clock.now()).toISOString(), by: user.userId, reason: input.reason });
    await audit.record({ actorId: user.userId, action: 'message.redacted', conversationId: message.conversationId, targetUserId: message.senderId, targetMessageId: message.id, reason: input.reason });
    notifier.toConversation(message.conversationId, 'message:redacted', { conversationId: message.conversationId, messageId: message.id, seq: message.seq });
    return {};
  }

  /** A moderator acting on someone else; facilitators cannot sanction fellow facilitators or staff. */
  private async requireSanctionable(user: Identity, conversationId: string, targetId: string): Promise<ConversationRecord> {
    const conversation = await requireModerator(this.deps.store, user, conversationId);
    if (targetId === user.userId) throw new AppError(ErrorCode.FORBIDDEN, 'You cannot sanction yourself');
    if (!isStaff(user)) {
      const [target, known] = await Promise.all([this.deps.store.conversations.getMember(conversationId, targetId), this.deps.store.users.get(targetId)]);
      if (target?.role === 'facilitator' || (known && isStaff(known))) {
        throw new AppError(ErrorCode.FORBIDDEN, 'Facilitators cannot sanction other facilitators or staff; ask a clinician');
      }
    }
    return conversation;
  }
}
