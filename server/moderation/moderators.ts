import { AppError, ErrorCode } from '../../shared/errors.js';
import type { Identity } from '../auth/identity.js';
import { isStaff } from '../auth/roles.js';
import type { ConversationRecord, MemberRecord } from '../conversations/conversation.repository.js';
import type { Store } from '../store/store.js';

/** Facilitators moderate their own group; clinicians and admins moderate everywhere (mentorships included). */
export function canModerate(user: Identity, conversation: ConversationRecord, member: MemberRecord | undefined): boolean {
  if (isStaff(user)) return true;
  return conversation.kind === 'group' && member?.role === 'facilitator';
}

/**
 * Who hears of a report or a held message: a group's facilitators other than the people it is
 * about; the clinicians (through their role room) for a mentorship, or when no such facilitator is left.
 */
export async function moderatorAudience(
  store: Store,
  conversation: ConversationRecord,
  exclude: readonly string[],
): Promise<{ users: string[] } | { role: 'clinician' }> {
  if (conversation.kind !== 'group') return { role: 'clinician' };
  const members = await store.conversations.listMembers(conversation.id);
  const users = members.filter((m) => m.role === 'facilitator' && !exclude.includes(m.userId)).map((m) => m.userId);
  return users.length > 0 ? { users } : { role: 'clinician' };
}

/** The conversation, if `user` may moderate it: NOT_FOUND or FORBIDDEN (with `refusal`) otherwise. */
export async function requireModerator(
  store: Store,
  user: Identity,
  conversationId: string,
  refusal = 'Only this conversation’s moderators can do that',
): Promise<ConversationRecord> {
  const [conversation, member] = await Promise.all([store.conversations.get(conversationId), store.conversations.getMember(conversationId, user.userId)]);
  if (!conversation) throw new AppError(ErrorCode.NOT_FOUND, 'Conversation not found');
  if (!canModerate(user, conversation, member)) throw new AppError(ErrorCode.FORBIDDEN, refusal);
  return conversation;
}
