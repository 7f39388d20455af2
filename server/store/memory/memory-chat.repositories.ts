import type { Message, Mentorship, MemberRole, Redaction, RiskFlag } from '../../../shared/models.js';
import type { AddMemberResult, ConversationPatch, ConversationRecord, ConversationRepository, MemberRecord } from '../../conversations/conversation.repository.js';
import type { AppendResult, MessagePage, MessageRepository, NewMessage } from '../../conversations/message.repository.js';
import type { ActiveMentorshipFilter, MentorshipRepository } from '../../mentorships/mentorship.repository.js';
import type { UserRecord, UserRepository } from '../../users/user.repository.js';
import { copy } from './memory-helpers.js';

// Users, conversations, messages and mentorships in this process's memory.
export class MemoryUsers implements UserRepository {
  /** Read and changed by MemoryPersonalData (export, erasure). */
  readonly users = new Map<string, UserRecord>();

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

export class MemoryConversations implements ConversationRepository {
  /** Read by MemoryRetention (which conversations are of a kind). */
  readonly conversations = new Map<string, ConversationRecord>();
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
  async flagRisk(id: string, flag: RiskFlag) {
    const conversation = this.conversations.get(id);
    if (conversation) conversation.riskFlag = copy(flag);
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
  async update(id: string, patch: ConversationPatch) {
    const conversation = this.conversations.get(id);
    if (!conversation) return undefined;
    if (patch.status) conversation.status = patch.status;
    if (patch.contactPolicy) conversation.contactPolicy = patch.contactPolicy;
    if (patch.group && conversation.group) Object.assign(conversation.group, patch.group);
    return copy(conversation);
  }
  async listGroups() {
    return [...this.conversations.values()].filter((c) => c.kind === 'group').map(copy);
  }
  async addMember(member: MemberRecord, capacity?: number): Promise<AddMemberResult> {
    const members = this.members.get(member.conversationId);
    if (!members) return 'full';
    if (members.has(member.userId)) return 'exists';
    if (capacity !== undefined && members.size >= capacity) return 'full';
    members.set(member.userId, copy(member));
    let set = this.byUser.get(member.userId);
    if (!set) this.byUser.set(member.userId, (set = new Set()));
    set.add(member.conversationId);
    return 'added';
  }
  async removeMember(conversationId: string, userId: string) {
    this.byUser.get(userId)?.delete(conversationId);
    return this.members.get(conversationId)?.delete(userId) ?? false;
  }
  async setMemberRole(conversationId: string, userId: string, role: MemberRole) {
    const member = this.members.get(conversationId)?.get(userId);
    if (!member) return false;
    member.role = role;
    return true;
  }
  async countMembers(conversationIds: readonly string[]) {
    return new Map(conversationIds.map((id) => [id, this.members.get(id)?.size ?? 0]));
  }
}

/** What a purged message's slot holds: nothing of it, and never returned. */
const PURGED: Message = Object.freeze({ conversationId: '', senderId: '', senderRole: 'mentee', senderName: '', body: '', clientMessageId: '', createdAt: '', id: '', seq: 0 });

export class MemoryMessages implements MessageRepository {
  /** Read and changed by MemoryPersonalData (export, erasure). */
  readonly byConversation = new Map<string, Message[]>();
  /** senderId → clientMessageId → message (nested, so no key string is built per message). */
  private readonly bySender = new Map<string, Map<string, Message>>();
  private readonly byId = new Map<string, Message>();
  /** Per conversation: messages up to this seq were purged by retention (their slots hold PURGED). */
  private readonly purgedThrough = new Map<string, number>();

  async append(input: NewMessage, id: string): Promise<AppendResult> {
    let sent = this.bySender.get(input.senderId);
    if (!sent) this.bySender.set(input.senderId, (sent = new Map()));
    const existing = sent.get(input.clientMessageId);
    if (existing) return { message: copy(existing), created: false };
    let list = this.byConversation.get(input.conversationId);
    if (!list) this.byConversation.set(input.conversationId, (list = []));
    // The list index is seq - 1, which keeps seq gapless by construction.
    // Field by field: `{ ...input, id, seq }` takes V8's slow path (microseconds per message).
    const message: Message = {
      conversationId: input.conversationId,
      senderId: input.senderId,
      senderRole: input.senderRole,
      senderName: input.senderName,
      body: input.body,
      clientMessageId: input.clientMessageId,
      createdAt: input.createdAt,
      id,
      seq: list.length + 1,
    };
    if (input.redaction) message.redaction = { ...input.redaction };
    list.push(message);
    sent.set(input.clientMessageId, message);
    this.byId.set(id, message);
    return { message: copy(message), created: true };
  }
  async findByClientId(senderId: string, clientMessageId: string) {
    const message = this.bySender.get(senderId)?.get(clientMessageId);
    return message && copy(message);
  }
  async before(conversationId: string, beforeSeq: number | undefined, limit: number): Promise<MessagePage> {
    const list = this.byConversation.get(conversationId) ?? [];
    const floor = this.purgedThrough.get(conversationId) ?? 0;
    const end = Math.max(floor, Math.min(beforeSeq === undefined ? list.length : beforeSeq - 1, list.length));
    const start = Math.max(floor, end - limit);
    return { messages: list.slice(start, end).map(copy), hasMore: start > floor };
  }
  async after(conversationId: string, afterSeq: number, limit: number): Promise<MessagePage> {
    const list = this.byConversation.get(conversationId) ?? [];
    const start = Math.min(Math.max(afterSeq, this.purgedThrough.get(conversationId) ?? 0), list.length);
    const end = Math.min(start + limit, list.length);
    return { messages: list.slice(start, end).map(copy), hasMore: end < list.length };
  }
  async lastSeqs(conversationIds: readonly string[]) {
    return new Map(conversationIds.map((id) => [id, this.byConversation.get(id)?.length ?? 0]));
  }
  async get(id: string) {
    const message = this.byId.get(id);
    return message && copy(message);
  }
  /**
   * Retention: drops the conversation's messages created before `cutoff` (ISO), oldest first, at
   * most `limit`, never its newest (it carries the seq the next message follows). Seqs stay.
   */
  purgeBefore(conversationId: string, cutoff: string, limit: number): number {
    const list = this.byConversation.get(conversationId);
    if (!list) return 0;
    let floor = this.purgedThrough.get(conversationId) ?? 0;
    let purged = 0;
    while (purged < limit && floor < list.length - 1 && list[floor]!.createdAt < cutoff) {
      const message = list[floor]!;
      this.byId.delete(message.id);
      this.bySender.get(message.senderId)?.delete(message.clientMessageId);
      list[floor] = PURGED;
      floor++;
      purged++;
    }
    this.purgedThrough.set(conversationId, floor);
    return purged;
  }
  async redact(id: string, redaction: Required<Redaction>) {
    const message = this.byId.get(id);
    if (!message) return undefined;
    message.redaction ??= { ...redaction };
    return copy(message);
  }
}


export class MemoryMentorships implements MentorshipRepository {
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
  async countActive(specialistId: string) {
    let n = 0;
    for (const m of this.mentorships.values()) if (m.specialistId === specialistId && m.status === 'active') n++;
    return n;
  }
  async end(id: string, endedAt: string, endedBy: string) {
    const mentorship = this.mentorships.get(id);
    if (!mentorship) return undefined;
    if (mentorship.status === 'active') Object.assign(mentorship, { status: 'ended', endedAt, endedBy });
    return copy(mentorship);
  }
  async listActive(filter: ActiveMentorshipFilter) {
    const { before } = filter;
    return [...this.mentorships.values()]
      .filter(
        (m) =>
          m.status === 'active' &&
          (!filter.menteeId || m.menteeId === filter.menteeId) &&
          (!filter.specialistId || m.specialistId === filter.specialistId) &&
          (!before || m.createdAt < before.createdAt || (m.createdAt === before.createdAt && m.id < before.id)),
      )
      .sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1))
      .slice(0, filter.limit)
      .map(copy);
  }
}
