import type { Role } from '../../shared/models.js';
import type { Identity } from '../auth/identity.js';
import type { ConversationRecord, MemberRecord } from '../conversations/conversation.repository.js';
import type { Store } from '../store/store.js';

export const STAFF: ReadonlySet<Role> = new Set(['clinician', 'admin']);

/** Facilitators moderate their own group; clinicians and admins moderate everywhere (mentorships included). */
export function canModerate(user: Identity, conversation: ConversationRecord, member: MemberRecord | undefined): boolean {
  if (STAFF.has(user.role)) return true;
  return conversation.kind === 'group' && member?.role === 'facilitator';
}

/**
 * Who hears of reports and held messages: a group's facilitators, or (a mentorship has none)
 * the clinicians on duty, reached through their role room.
 */
export async function moderatorAudience(store: Store, conversation: ConversationRecord): Promise<{ users: string[] } | { role: 'clinician' }> {
  if (conversation.kind !== 'group') return { role: 'clinician' };
  const members = await store.conversations.listMembers(conversation.id);
  return { users: members.filter((m) => m.role === 'facilitator').map((m) => m.userId) };
}
