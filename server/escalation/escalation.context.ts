import type { ExcerptMessage, HeldMessage, Message } from '../../shared/models.js';
import type { Identity } from '../auth/identity.js';
import type { ConversationRecord } from '../conversations/conversation.repository.js';
import type { Store } from '../store/store.js';
import type { EscalationRecord } from './escalation.repository.js';

const EXCERPT_SIZE = 20;

export function excerptOf(m: Message | HeldMessage): Omit<ExcerptMessage, 'seq'> {
  return { senderId: m.senderId, senderName: m.senderName, senderRole: m.senderRole, body: m.body, createdAt: m.createdAt };
}

/** The last messages of the conversation, with `extra` (a held message, a request's note) after them. */
export async function excerptFor(store: Store, conversationId: string, extra: ExcerptMessage | undefined): Promise<ExcerptMessage[]> {
  const { messages } = await store.messages.before(conversationId, undefined, EXCERPT_SIZE);
  const excerpt = messages.map((m) => ({ ...excerptOf(m), seq: m.seq }));
  if (extra) excerpt.push(extra);
  return excerpt.slice(-EXCERPT_SIZE);
}

/** The mentee an escalation is about, and their program: the raiser, or the mentee of a 1:1 conversation. */
export async function subjectOf(store: Store, user: Identity, conversation: ConversationRecord): Promise<{ userId?: string; programId?: string }> {
  if (user.role === 'mentee') return { userId: user.userId, ...(user.programId ? { programId: user.programId } : {}) };
  if (conversation.kind === 'group') return {};
  const mentee = (await store.conversations.listMembers(conversation.id)).find((m) => m.role === 'mentee');
  if (!mentee) return {};
  const programId = (await store.users.get(mentee.userId))?.programId;
  return { userId: mentee.userId, ...(programId ? { programId } : {}) };
}

/** The conversation's active escalation, or the one open about the same mentee elsewhere: one open escalation per person. */
export async function activeFor(store: Store, conversation: ConversationRecord, subjectId: string | undefined): Promise<EscalationRecord | undefined> {
  return (await store.escalations.findActive(conversation.id)) ?? (subjectId ? await store.escalations.findActiveForSubject(subjectId) : undefined);
}
