import type { Message, Mentorship } from '../../../shared/models.js';
import type { ConversationRecord, ConversationRepository, MemberRecord } from '../../conversations/conversation.repository.js';
import type { AppendResult, MessagePage, MessageRepository, NewMessage } from '../../conversations/message.repository.js';
import type { MentorshipRepository } from '../../mentorships/mentorship.repository.js';
import type { UserRecord, UserRepository } from '../../users/user.repository.js';
import type { Store } from '../store.js';

// Records are copied in and out so callers can never mutate what is stored. They are flat
// (strings and numbers only), so a shallow copy is a full one.
const copy = <T extends object>(value: T): T => ({ ...value });

class MemoryUsers implements UserRepository {
  private readonly users = new Map<string, UserRecord>();

  async upsert(user: UserRecord) {
    this.users.set(user.id, copy(user));
  }
  async get(id: string) {
    const user = this.users.get(id);
    return user && copy(user);
  }
  async getMany(ids: readonly string[]) {
    const found = new Map<string, UserRecord>();
    for (const id of ids) {
      const user = this.users.get(id);
      if (user) found.set(id, copy(user));
    }
    return found;
  }
}

class MemoryConversations implements ConversationRepository {
  private readonly conversations = new Map<string, ConversationRecord>();
  private readonly members = new Map<string, Map<string, MemberRecord>>();
  private readonly byUser = new Map<string, Set<string>>();

  async create(conversation: ConversationRecord, members: readonly MemberRecord[]) {
    if (this.conversations.has(conversation.id)) return;
    this.conversations.set(conversation.id, copy(conversation));
    const byId = new Map<string, MemberRecord>();
    for (const member of members) {
      byId.set(member.userId, copy(member));
      let set = this.byUser.get(member.userId);
      if (!set) this.byUser.set(member.userId, (set = new Set()));
      set.add(conversation.id);
    }
    this.members.set(conversation.id, byId);
  }
  async get(id: string) {
    const conversation = this.conversations.get(id);
    return conversation && copy(conversation);
  }
  async setStatus(id: string, status: ConversationRecord['status']) {
    const conversation = this.conversations.get(id);
    if (conversation) conversation.status = status;
  }
  async listForUser(userId: string) {
    const ids = this.byUser.get(userId) ?? new Set<string>();
    return [...ids]
      .map((id) => copy(this.conversations.get(id)!))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }
  async getMember(conversationId: string, userId: string) {
    const member = this.members.get(conversationId)?.get(userId);
    return member && copy(member);
  }
  async listMembers(conversationId: string) {
    return [...(this.members.get(conversationId)?.values() ?? [])].map(copy);
  }
  async markRead(conversationId: string, userId: string, seq: number) {
    const member = this.members.get(conversationId)?.get(userId);
    if (!member) return 0;
    member.lastReadSeq = Math.max(member.lastReadSeq, seq);
    return member.lastReadSeq;
  }
  async contactsOf(userId: string) {
    const contacts = new Set<string>();
    for (const conversationId of this.byUser.get(userId) ?? []) {
      for (const other of this.members.get(conversationId)?.keys() ?? []) if (other !== userId) contacts.add(other);
    }
    return [...contacts];
  }
}

class MemoryMessages implements MessageRepository {
  private readonly byConversation = new Map<string, Message[]>();
  private readonly byClientId = new Map<string, Message>();

  async append(input: NewMessage, id: string): Promise<AppendResult> {
    const key = clientKey(input.senderId, input.clientMessageId);
    const existing = this.byClientId.get(key);
    if (existing) return { message: copy(existing), created: false };
    let list = this.byConversation.get(input.conversationId);
    if (!list) this.byConversation.set(input.conversationId, (list = []));
    // The list index is seq - 1, which keeps seq gapless by construction.
    const message: Message = { ...input, id, seq: list.length + 1 };
    list.push(message);
    this.byClientId.set(key, message);
    return { message: copy(message), created: true };
  }
  async findByClientId(senderId: string, clientMessageId: string) {
    const message = this.byClientId.get(clientKey(senderId, clientMessageId));
    return message && copy(message);
  }
  async before(conversationId: string, beforeSeq: number | undefined, limit: number): Promise<MessagePage> {
    const list = this.byConversation.get(conversationId) ?? [];
    const end = Math.min(beforeSeq === undefined ? list.length : beforeSeq - 1, list.length);
    const start = Math.max(0, end - limit);
    return { messages: list.slice(start, end).map(copy), hasMore: start > 0 };
  }
  async after(conversationId: string, afterSeq: number, limit: number): Promise<MessagePage> {
    const list = this.byConversation.get(conversationId) ?? [];
    const start = Math.min(afterSeq, list.length);
    const end = Math.min(start + limit, list.length);
    return { messages: list.slice(start, end).map(copy), hasMore: end < list.length };
  }
  async lastSeqs(conversationIds: readonly string[]) {
    return new Map(conversationIds.map((id) => [id, this.byConversation.get(id)?.length ?? 0]));
  }
}

const clientKey = (senderId: string, clientMessageId: string) => `${senderId}\u0000${clientMessageId}`;

class MemoryMentorships implements MentorshipRepository {
  private readonly mentorships = new Map<string, Mentorship>();

  async createIfNoneActive(mentorship: Mentorship) {
    for (const existing of this.mentorships.values()) {
      if (
        existing.status === 'active' &&
        existing.menteeId === mentorship.menteeId &&
        existing.specialistId === mentorship.specialistId
      ) {
        return { mentorship: copy(existing), created: false };
      }
    }
    this.mentorships.set(mentorship.id, copy(mentorship));
    return { mentorship: copy(mentorship), created: true };
  }
  async get(id: string) {
    const mentorship = this.mentorships.get(id);
    return mentorship && copy(mentorship);
  }
  async end(id: string, endedAt: string, endedBy: string) {
    const mentorship = this.mentorships.get(id);
    if (!mentorship) return undefined;
    if (mentorship.status === 'active') Object.assign(mentorship, { status: 'ended', endedAt, endedBy });
    return copy(mentorship);
  }
}

/** The embedded default: everything in this process's memory, lost on restart. */
export function createMemoryStore(): Store {
  return {
    kind: 'memory',
    users: new MemoryUsers(),
    conversations: new MemoryConversations(),
    messages: new MemoryMessages(),
    mentorships: new MemoryMentorships(),
    isReady: async () => true,
    close: async () => {},
  };
}
