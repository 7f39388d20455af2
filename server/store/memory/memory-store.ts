import type { AuditEntry, HeldMessage, Message, Mentorship, MemberRole, Redaction, Report } from '../../../shared/models.js';
import type {
  AddMemberResult,
  ConversationPatch,
  ConversationRecord,
  ConversationRepository,
  MemberRecord,
} from '../../conversations/conversation.repository.js';
import type { AppendResult, MessagePage, MessageRepository, NewMessage } from '../../conversations/message.repository.js';
import type { EscalationPolicy, EscalationSeverity, EscalationStatus } from '../../../shared/models.js';
import { RISK_LEVELS } from '../../../shared/models.js';
import type {
  EscalationRecord,
  EscalationRepository,
  OnCallEntry,
  OnCallRepository,
  PolicyRepository,
  StepPatch,
} from '../../escalation/escalation.repository.js';
import type { MentorshipRepository } from '../../mentorships/mentorship.repository.js';
import type { ProfileFields, ProfileRecord, ProfileRepository, RequestRecord, RequestRepository } from '../../matching/matching.repository.js';
import type { Availability } from '../../../shared/models.js';
import type {
  AuditRepository,
  HeldMessageRepository,
  ReportRecord,
  ReportRepository,
  Standing,
  StandingFields,
  StandingRepository,
} from '../../moderation/moderation.repository.js';
import type { UserRecord, UserRepository } from '../../users/user.repository.js';
import type { Store } from '../store.js';

// Records are copied in and out so callers can never mutate what is stored. They hold at most
// one level of nested objects or arrays (a group's settings, a redaction, findings).
const copy = <T extends object>(value: T): T => {
  const out = { ...value } as Record<string, unknown>;
  // for…in allocates nothing: this runs several times per message sent.
  for (const key in out) {
    const field = out[key];
    if (field !== null && typeof field === 'object') out[key] = Array.isArray(field) ? [...field] : { ...field };
  }
  return out as T;
};

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

class MemoryMessages implements MessageRepository {
  private readonly byConversation = new Map<string, Message[]>();
  /** senderId → clientMessageId → message (nested, so no key string is built per message). */
  private readonly bySender = new Map<string, Map<string, Message>>();
  private readonly byId = new Map<string, Message>();

  async append(input: NewMessage, id: string): Promise<AppendResult> {
    let sent = this.bySender.get(input.senderId);
    if (!sent) this.bySender.set(input.senderId, (sent = new Map()));
    const existing = sent.get(input.clientMessageId);
    if (existing) return { message: copy(existing), created: false };
    let list = this.byConversation.get(input.conversationId);
    if (!list) this.byConversation.set(input.conversationId, (list = []));
    // The list index is seq - 1, which keeps seq gapless by construction.
    const message: Message = { ...input, id, seq: list.length + 1 };
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
  async get(id: string) {
    const message = this.byId.get(id);
    return message && copy(message);
  }
  async redact(id: string, redaction: Required<Redaction>) {
    const message = this.byId.get(id);
    if (!message) return undefined;
    message.redaction ??= { ...redaction };
    return copy(message);
  }
}


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
}

const pairKey = (a: string, b: string) => `${a}\u0000${b}`;

class MemoryStandings implements StandingRepository {
  private readonly standings = new Map<string, Standing>();

  async get(conversationId: string, userId: string) {
    const standing = this.standings.get(pairKey(conversationId, userId));
    return standing && copy(standing);
  }
  async patch(conversationId: string, userId: string, set: StandingFields, unset: ReadonlyArray<keyof StandingFields> = []) {
    const key = pairKey(conversationId, userId);
    const standing = this.standings.get(key) ?? { conversationId, userId };
    Object.assign(standing, set);
    for (const field of unset) delete standing[field];
    this.standings.set(key, standing);
  }
}

class MemoryReports implements ReportRepository {
  private readonly reports = new Map<string, ReportRecord>();

  async createIfAbsent(report: ReportRecord) {
    for (const existing of this.reports.values()) {
      if (existing.reporterId === report.reporterId && existing.messageId === report.messageId) {
        return { report: copy(existing), created: false };
      }
    }
    this.reports.set(report.id, copy(report));
    return { report: copy(report), created: true };
  }
  async get(id: string) {
    const report = this.reports.get(id);
    return report && copy(report);
  }
  async list(conversationId: string, status?: Report['status']) {
    return [...this.reports.values()]
      .filter((r) => r.conversationId === conversationId && (!status || r.status === status))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .map(copy);
  }
  async resolve(id: string, resolution: Parameters<ReportRepository['resolve']>[1]) {
    const report = this.reports.get(id);
    if (!report) return undefined;
    if (report.status === 'open') Object.assign(report, { status: 'resolved' }, resolution);
    return copy(report);
  }
}

class MemoryHeld implements HeldMessageRepository {
  private readonly held = new Map<string, HeldMessage>();
  private readonly byClientId = new Map<string, HeldMessage>();

  async createIfAbsent(held: HeldMessage) {
    const existing = await this.findByClientId(held.senderId, held.clientMessageId);
    if (existing) return { held: existing, created: false };
    const stored = copy(held);
    this.held.set(held.id, stored);
    this.byClientId.set(pairKey(held.senderId, held.clientMessageId), stored);
    return { held: copy(held), created: true };
  }
  async get(id: string) {
    const held = this.held.get(id);
    return held && copy(held);
  }
  async findByClientId(senderId: string, clientMessageId: string) {
    const held = this.byClientId.get(pairKey(senderId, clientMessageId));
    return held && copy(held);
  }
  async decide(id: string, decision: Parameters<HeldMessageRepository['decide']>[1]) {
    const held = this.held.get(id);
    if (!held) return undefined;
    if (held.status === 'held') Object.assign(held, decision);
    return copy(held);
  }
  async linkMessage(id: string, messageId: string) {
    const held = this.held.get(id);
    if (held) held.messageId = messageId;
  }
}

class MemoryAudit implements AuditRepository {
  private readonly entries: AuditEntry[] = [];

  async append(entry: AuditEntry) {
    this.entries.push(copy(entry));
  }
  async list(filter: { conversationId?: string; limit: number }) {
    return this.entries
      .filter((e) => !filter.conversationId || e.conversationId === filter.conversationId)
      .slice(-filter.limit)
      .map(copy);
  }
}

class MemoryEscalations implements EscalationRepository {
  private readonly escalations = new Map<string, EscalationRecord>();

  async create(escalation: EscalationRecord) {
    this.escalations.set(escalation.id, structuredClone(escalation));
  }
  async get(id: string) {
    const e = this.escalations.get(id);
    return e && structuredClone(e);
  }
  async findActive(conversationId: string) {
    for (const e of this.escalations.values()) {
      if (e.conversationId === conversationId && e.status !== 'resolved') return structuredClone(e);
    }
    return undefined;
  }
  async attach(id: string, severity: EscalationSeverity, categories: string[]) {
    const e = this.escalations.get(id);
    if (!e) return undefined;
    if (RISK_LEVELS.indexOf(severity) > RISK_LEVELS.indexOf(e.severity)) e.severity = severity;
    e.categories = [...new Set([...e.categories, ...categories])].sort();
    return structuredClone(e);
  }
  async acknowledge(id: string, ownerId: string, ackedAt: string, nextStepAt: number) {
    const e = this.escalations.get(id);
    if (!e || e.status !== 'open') return undefined;
    Object.assign(e, { status: 'acknowledged', ownerId, ackedAt, nextStepAt });
    return structuredClone(e);
  }
  async resolve(id: string, ownerId: string, resolution: { resolvedAt: string; outcome: string; note?: string }) {
    const e = this.escalations.get(id);
    if (!e || e.ownerId !== ownerId || e.status === 'resolved') return undefined;
    Object.assign(e, { status: 'resolved' }, resolution);
    delete e.nextStepAt;
    return structuredClone(e);
  }
  async claimDue(now: number, nodeId: string, leaseMs: number) {
    let due: EscalationRecord | undefined;
    for (const e of this.escalations.values()) {
      if (e.nextStepAt === undefined || e.nextStepAt > now || (e.leaseUntil ?? 0) > now) continue;
      if (!due || e.nextStepAt < due.nextStepAt!) due = e;
    }
    if (!due) return undefined;
    due.leaseUntil = now + leaseMs;
    due.leaseOwner = nodeId;
    return structuredClone(due);
  }
  async completeStep(id: string, nodeId: string, status: EscalationStatus, patch: StepPatch) {
    const e = this.escalations.get(id);
    if (!e || e.leaseOwner !== nodeId || e.status !== status) return false;
    Object.assign(e, structuredClone(patch));
    delete e.leaseUntil;
    delete e.leaseOwner;
    return true;
  }
  async list(status?: EscalationStatus) {
    return [...this.escalations.values()].filter((e) => !status || e.status === status).map((e) => structuredClone(e));
  }
}

class MemoryOnCall implements OnCallRepository {
  private readonly entries = new Map<string, OnCallEntry>();

  async set(userId: string, onCall: boolean, programId?: string) {
    if (onCall) this.entries.set(userId, { userId, ...(programId ? { programId } : {}) });
    else this.entries.delete(userId);
  }
  async list() {
    return [...this.entries.values()].map(copy);
  }
}

class MemoryPolicies implements PolicyRepository {
  private policy: EscalationPolicy | undefined;

  async get() {
    return this.policy && structuredClone(this.policy);
  }
  async put(policy: EscalationPolicy) {
    this.policy = structuredClone(policy);
  }
}

// Office hours nest two levels deep; everything else in a profile is one level.
const copyProfile = (p: ProfileRecord): ProfileRecord => (p.officeHours ? structuredClone(p) : copy(p));

class MemoryProfiles implements ProfileRepository {
  private readonly profiles = new Map<string, ProfileRecord>();

  async upsert(fields: ProfileFields) {
    const existing = this.profiles.get(fields.userId);
    const record: ProfileRecord = existing ? { ...existing, ...structuredClone(fields) } : { ...structuredClone(fields), availability: 'offline', blocked: [] };
    if (!fields.officeHours) delete record.officeHours;
    if (!fields.programId) delete record.programId;
    this.profiles.set(fields.userId, record);
    return copyProfile(record);
  }
  async get(userId: string) {
    const p = this.profiles.get(userId);
    return p && copyProfile(p);
  }
  async list() {
    return [...this.profiles.values()].map(copyProfile);
  }
  async setAvailability(userId: string, status: Availability) {
    const p = this.profiles.get(userId);
    if (!p) return undefined;
    p.availability = status;
    return copyProfile(p);
  }
  async setDisconnectedAt(userId: string, at: number | undefined) {
    const p = this.profiles.get(userId);
    if (!p) return;
    if (at === undefined) delete p.disconnectedAt;
    else p.disconnectedAt = at;
  }
  async reserve(userId: string, requestId: string) {
    const p = this.profiles.get(userId);
    if (!p || p.pendingOffer) return false;
    p.pendingOffer = requestId;
    return true;
  }
  async release(userId: string, requestId: string) {
    const p = this.profiles.get(userId);
    if (p?.pendingOffer === requestId) delete p.pendingOffer;
  }
  async block(userId: string, menteeId: string) {
    const p = this.profiles.get(userId);
    if (p && !p.blocked.includes(menteeId)) p.blocked.push(menteeId);
  }
}

class MemoryRequests implements RequestRepository {
  private readonly requests = new Map<string, RequestRecord>();

  private isOpen = (r: RequestRecord) => r.status === 'waiting' || r.status === 'offered';

  async createIfNoneOpen(request: RequestRecord) {
    for (const r of this.requests.values()) {
      if (r.menteeId === request.menteeId && this.isOpen(r)) return { request: copy(r), created: false };
    }
    this.requests.set(request.id, copy(request));
    return { request: copy(request), created: true };
  }
  async get(id: string) {
    const r = this.requests.get(id);
    return r && copy(r);
  }
  async listOpen() {
    return [...this.requests.values()].filter(this.isOpen).map((r) => copy(r));
  }
  async offer(id: string, specialistId: string, expiresAt: number) {
    const r = this.requests.get(id);
    if (!r || r.status !== 'waiting') return false;
    Object.assign(r, { status: 'offered', offeredTo: specialistId, offerExpiresAt: expiresAt });
    return true;
  }
  async accept(id: string, specialistId: string, now: number) {
    const r = this.requests.get(id);
    if (!r || r.status !== 'offered' || r.offeredTo !== specialistId || (r.offerExpiresAt ?? 0) <= now) return undefined;
    r.status = 'matched';
    return copy(r);
  }
  async setMentorship(id: string, mentorshipId: string) {
    const r = this.requests.get(id);
    if (r) r.mentorshipId = mentorshipId;
  }
  async withdraw(id: string, specialistId: string, declined: boolean) {
    const r = this.requests.get(id);
    if (!r || r.status !== 'offered' || r.offeredTo !== specialistId) return undefined;
    r.status = 'waiting';
    delete r.offeredTo;
    delete r.offerExpiresAt;
    if (declined && !r.declinedBy.includes(specialistId)) r.declinedBy.push(specialistId);
    return copy(r);
  }
  async cancel(id: string, menteeId: string) {
    const r = this.requests.get(id);
    if (!r || r.menteeId !== menteeId || !this.isOpen(r)) return undefined;
    r.status = 'cancelled';
    return copy(r);
  }
  async expiredOffers(now: number) {
    return [...this.requests.values()].filter((r) => r.status === 'offered' && (r.offerExpiresAt ?? 0) <= now).map((r) => copy(r));
  }
  async setPosition(id: string, position: number) {
    const r = this.requests.get(id);
    if (r) r.lastPosition = position;
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
    standings: new MemoryStandings(),
    reports: new MemoryReports(),
    held: new MemoryHeld(),
    audit: new MemoryAudit(),
    escalations: new MemoryEscalations(),
    onCall: new MemoryOnCall(),
    policies: new MemoryPolicies(),
    profiles: new MemoryProfiles(),
    requests: new MemoryRequests(),
    isReady: async () => true,
    close: async () => {},
  };
}
