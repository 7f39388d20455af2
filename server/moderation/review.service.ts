import { AppError, ErrorCode } from '../../shared/errors.js';
import type { CommandPayload, CommandResults } from '../../shared/commands.js';
import type { HeldMessage } from '../../shared/models.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Identity } from '../auth/identity.js';
import type { Clock } from '../core/clock.js';
import { newId } from '../core/ids.js';
import type { Notifier } from '../core/notifier.js';
import type { ConversationRecord } from '../conversations/conversation.repository.js';
import { authored, authoredOf } from '../conversations/message.repository.js';
import { viewMessage } from '../conversations/message.view.js';
import type { ContactScreen, SendResult } from '../conversations/send-screens.js';
import type { Store } from '../store/store.js';
import { detectContactDetails, type ContactFinding } from './contact-detector.js';
import { isStaff } from '../auth/roles.js';
import { canModerate, moderatorAudience, requireModerator } from './moderators.js';

export interface ReviewServiceDeps {
  store: Store;
  notifier: Notifier;
  audit: AuditLog;
  clock: Clock;
}

/**
 * Boundary protection: contact details in a message are held for a moderator (policy `hold`) or
 * refused (`block`). Staff are exempt: a clinician may post a crisis line or a clinic's number.
 */
export class ReviewService implements ContactScreen {
  constructor(private readonly deps: ReviewServiceDeps) {}

  /** What the contact policy objects to in this message; undefined: send it as usual. Synchronous: it runs on every send. */
  findings(user: Identity, conversation: ConversationRecord, body: string): ContactFinding[] | undefined {
    if ((conversation.contactPolicy ?? 'hold') === 'allow' || isStaff(user)) return undefined;
    const findings = detectContactDetails(body);
    return findings.length > 0 ? findings : undefined;
  }

  /** Holds the message for review (policy `hold`), or refuses it with CONTACT_DETAILS (`block`). */
  async hold(user: Identity, conversation: ConversationRecord, input: CommandPayload<'message:send'>, createdAt: string, findings: ContactFinding[]): Promise<SendResult> {
    if ((conversation.contactPolicy ?? 'hold') === 'block') {
      throw new AppError(
        ErrorCode.CONTACT_DETAILS,
        `This conversation does not allow sharing contact details (found: ${findings.join(', ')}). Please keep contact here, on the platform.`,
        { details: { findings } },
      );
    }
    const { store, audit } = this.deps;
    const { held, created } = await store.held.createIfAbsent({ id: newId(), ...authored(user, conversation.id, input, createdAt), findings, status: 'held' });
    if (!created && held.status === 'approved' && held.messageId) {
      const message = await store.messages.get(held.messageId);
      if (message) return { status: 'sent', message: viewMessage(message, user) };
    }
    if (created) {
      await audit.record({ actorId: user.userId, action: 'message.held', conversationId: conversation.id, targetMessageId: held.id, details: { findings } });
      this.tellModerators(conversation, user.userId, held);
    }
    return { status: 'held', held, explanation: explanation(findings) };
  }

  /** A moderator approves (the message is then delivered as usual) or rejects a held message. */
  async review(user: Identity, input: CommandPayload<'moderation:review'>): Promise<CommandResults['moderation:review']> {
    const { store, notifier, clock } = this.deps;
    const held = await store.held.get(input.messageId);
    if (!held) throw new AppError(ErrorCode.NOT_FOUND, 'No held message with this id');
    const conversation = await store.conversations.get(held.conversationId);
    const member = await store.conversations.getMember(held.conversationId, user.userId);
    if (!conversation || !canModerate(user, conversation, member)) {
      throw new AppError(ErrorCode.FORBIDDEN, 'Only this conversation’s moderators can review its messages');
    }
    const status = input.decision === 'approve' ? 'approved' : 'rejected';
    const decided = (await store.held.decide(held.id, { status, reviewedBy: user.userId, reviewedAt: new Date(clock.now()).toISOString() }))!;
    if (decided.status !== status) throw new AppError(ErrorCode.CONFLICT, `This message was already ${decided.status}`);
    const firstDecision = held.status === 'held';

    if (status === 'rejected') {
      if (firstDecision) await this.announce(user, decided, 'reject');
      return { held: decided };
    }
    // Approved: deliver it (again, if an earlier approval stopped half-way: the append is idempotent).
    const { message, created } = await store.messages.append({ ...authoredOf(held), createdAt: new Date(clock.now()).toISOString() }, newId());
    await store.held.linkMessage(held.id, message.id);
    if (created) notifier.toConversation(message.conversationId, 'message:created', message);
    if (firstDecision) await this.announce(user, decided, 'approve');
    return { held: { ...decided, messageId: message.id }, message };
  }

  /** What still waits for review in a conversation: for its moderators only. */
  async listWaiting(user: Identity, input: CommandPayload<'moderation:held'>): Promise<CommandResults['moderation:held']> {
    await requireModerator(this.deps.store, user, input.conversationId, 'Only this conversation’s moderators can see its held messages');
    return { held: await this.deps.store.held.listWaiting(input.conversationId) };
  }

  private async announce(user: Identity, held: HeldMessage, decision: 'approve' | 'reject') {
    this.deps.notifier.toUsers([held.senderId], 'review:decided', { heldId: held.id, conversationId: held.conversationId, decision });
    await this.deps.audit.record({
      actorId: user.userId,
      action: decision === 'approve' ? 'review.approved' : 'review.rejected',
      conversationId: held.conversationId,
      targetUserId: held.senderId,
      targetMessageId: held.id,
    });
  }

  private tellModerators(conversation: ConversationRecord, senderId: string, held: HeldMessage) {
    void moderatorAudience(this.deps.store, conversation, [senderId]).then((audience) => {
      if ('role' in audience) this.deps.notifier.toRole(audience.role, 'review:requested', { held });
      else this.deps.notifier.toUsers(audience.users, 'review:requested', { held });
    });
  }
}

function explanation(findings: string[]): string {
  return (
    `Your message seems to contain contact details (${findings.join(', ')}). To keep everyone safe, ` +
    'it will be shown once a moderator has reviewed it.'
  );
}
