import { mongo, Mongoose, trusted } from 'mongoose';
import type { Logger } from 'pino';
import { AppError, ErrorCode } from '../../../shared/errors.js';
import { RISK_LEVELS, type EscalationPolicy, type EscalationSeverity, type EscalationStatus } from '../../../shared/models.js';
import type { ProfileFields, ProfileRecord, ProfileRepository, RequestRecord, RequestRepository } from '../../matching/matching.repository.js';
import type { Availability } from '../../../shared/models.js';
import type { EscalationRecord, EscalationRepository, OnCallEntry, OnCallRepository, PolicyRepository, StepPatch } from '../../escalation/escalation.repository.js';
import type { AuditEntry, HeldMessage, Message, Mentorship, MemberRole, Redaction, Report } from '../../../shared/models.js';
import type {
  AddMemberResult,
  ConversationPatch,
  ConversationRecord,
  ConversationRepository,
  MemberRecord,
} from '../../conversations/conversation.repository.js';
import type {
  AuditRepository,
  HeldMessageRepository,
  ReportRecord,
  ReportRepository,
  Standing,
  StandingFields,
  StandingRepository,
} from '../../moderation/moderation.repository.js';
import type { AppendResult, MessagePage, MessageRepository, NewMessage } from '../../conversations/message.repository.js';
import type { MentorshipRepository } from '../../mentorships/mentorship.repository.js';
import type { UserRecord, UserRepository } from '../../users/user.repository.js';
import { errorForLog } from '../../infra/safe-error.js';
import type { Store } from '../store.js';
import { createModels, type Models } from './mongo-models.js';

export interface MongoStoreOptions {
  uri: string;
  /** Every store call answers within this time, or fails UNAVAILABLE. */
  operationTimeoutMs: number;
  log: Logger;
}

type WithId<T> = Omit<T, 'id'> & { _id: string };
const toRecord = <T extends { id: string }>(doc: WithId<T>): T => {
  const { _id, memberCount: _count, ...rest } = doc as WithId<T> & { memberCount?: unknown };
  return { id: _id, ...rest } as unknown as T;
};
const stripId = <T extends object>(doc: T & { _id?: unknown }): T => {
  const { _id: _ignored, ...rest } = doc;
  return rest as T;
};
const memberId = (conversationId: string, userId: string) => `${conversationId}|${userId}`;

function isDuplicateKey(err: unknown): err is { code: number; keyPattern?: Record<string, unknown>; message: string } {
  return (err as { code?: unknown })?.code === 11000;
}

class MongoUsers implements UserRepository {
  constructor(private readonly m: Models) {}
  async upsert(user: UserRecord) {
    const { id, ...fields } = user;
    await this.m.User.replaceOne({ _id: id }, { _id: id, ...fields }, { upsert: true });
  }
  async get(id: string) {
    const doc = await this.m.User.findById(id).lean<WithId<UserRecord>>();
    return doc ? toRecord<UserRecord>(doc) : undefined;
  }
  async getMany(ids: readonly string[]) {
    const docs = await this.m.User.find({ _id: trusted({ $in: [...ids] }) }).lean<WithId<UserRecord>[]>();
    return new Map(docs.map((d) => [d._id, toRecord<UserRecord>(d)]));
  }
}

class MongoConversations implements ConversationRepository {
  constructor(private readonly m: Models) {}

  async create(conversation: ConversationRecord, members: readonly MemberRecord[]) {
    const { id, ...fields } = conversation;
    try {
      await this.m.Conversation.collection.insertOne({ _id: id, ...fields, memberCount: members.length } as never);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      return;
    }
    if (members.length === 0) return;
    try {
      // Unordered: after a crash half-way, a repeat adds whoever is missing.
      await this.m.Member.collection.insertMany(
        members.map((m) => ({ _id: memberId(m.conversationId, m.userId), ...m })) as never[],
        { ordered: false },
      );
    } catch (err) {
      if (!isDuplicateKey(err) && !(err as { writeErrors?: unknown[] }).writeErrors) throw err;
    }
  }
  async get(id: string) {
    const doc = await this.m.Conversation.findById(id).lean<WithId<ConversationRecord>>();
    return doc ? toRecord<ConversationRecord>(doc) : undefined;
  }
  async setStatus(id: string, status: ConversationRecord['status']) {
    await this.m.Conversation.updateOne({ _id: id }, { $set: { status } });
  }
  async listForUser(userId: string) {
    const memberships = await this.m.Member.find({ userId }, { conversationId: 1 }).lean<{ conversationId: string }[]>();
    if (memberships.length === 0) return [];
    const docs = await this.m.Conversation.find({ _id: trusted({ $in: memberships.map((m) => m.conversationId) }) })
      .sort({ createdAt: -1 })
      .lean<WithId<ConversationRecord>[]>();
    return docs.map((d) => toRecord<ConversationRecord>(d));
  }
  async getMember(conversationId: string, userId: string) {
    const doc = await this.m.Member.findById(memberId(conversationId, userId)).lean<MemberRecord & { _id: string }>();
    return doc ? stripId(doc) : undefined;
  }
  async listMembers(conversationId: string) {
    const docs = await this.m.Member.find({ conversationId }).sort({ joinedAt: 1, userId: 1 }).lean<(MemberRecord & { _id: string })[]>();
    return docs.map(stripId);
  }
  async markRead(conversationId: string, userId: string, seq: number) {
    const doc = await this.m.Member.findOneAndUpdate(
      { _id: memberId(conversationId, userId) },
      { $max: { lastReadSeq: seq } },
      { returnDocument: 'after' },
    ).lean<MemberRecord>();
    return doc?.lastReadSeq ?? 0;
  }
  async contactsOf(userId: string) {
    const memberships = await this.m.Member.find({ userId }, { conversationId: 1 }).lean<{ conversationId: string }[]>();
    if (memberships.length === 0) return [];
    const others = await this.m.Member.find(
      { conversationId: trusted({ $in: memberships.map((m) => m.conversationId) }), userId: trusted({ $ne: userId }) },
      { userId: 1 },
    ).lean<{ userId: string }[]>();
    return [...new Set(others.map((o) => o.userId))];
  }
  async update(id: string, patch: ConversationPatch) {
    const set: Record<string, unknown> = {};
    if (patch.status) set.status = patch.status;
    if (patch.contactPolicy) set.contactPolicy = patch.contactPolicy;
    for (const [key, value] of Object.entries(patch.group ?? {})) if (value !== undefined) set[`group.${key}`] = value;
    if (Object.keys(set).length > 0) await this.m.Conversation.updateOne({ _id: id }, { $set: set });
    return this.get(id);
  }
  async listGroups() {
    const docs = await this.m.Conversation.find({ kind: 'group' }).lean<WithId<ConversationRecord>[]>();
    return docs.map((d) => toRecord<ConversationRecord>(d));
  }
  async addMember(member: MemberRecord, capacity?: number): Promise<AddMemberResult> {
    const _id = memberId(member.conversationId, member.userId);
    if (await this.m.Member.exists({ _id })) return 'exists';
    // Take a place first (atomically, under the capacity), then write the membership.
    const filter = capacity === undefined ? { _id: member.conversationId } : { _id: member.conversationId, memberCount: trusted({ $lt: capacity }) };
    const place = await this.m.Conversation.updateOne(filter, { $inc: { memberCount: 1 } });
    if (place.modifiedCount === 0) return 'full';
    try {
      await this.m.Member.collection.insertOne({ _id, ...member } as never);
      return 'added';
    } catch (err) {
      await this.m.Conversation.updateOne({ _id: member.conversationId }, { $inc: { memberCount: -1 } });
      if (isDuplicateKey(err)) return 'exists';
      throw err;
    }
  }
  async removeMember(conversationId: string, userId: string) {
    const { deletedCount } = await this.m.Member.deleteOne({ _id: memberId(conversationId, userId) });
    if (deletedCount > 0) await this.m.Conversation.updateOne({ _id: conversationId }, { $inc: { memberCount: -1 } });
    return deletedCount > 0;
  }
  async setMemberRole(conversationId: string, userId: string, role: MemberRole) {
    const { matchedCount } = await this.m.Member.updateOne({ _id: memberId(conversationId, userId) }, { $set: { role } });
    return matchedCount > 0;
  }
  async countMembers(conversationIds: readonly string[]) {
    const counts = await Promise.all(conversationIds.map((conversationId) => this.m.Member.countDocuments({ conversationId })));
    return new Map(conversationIds.map((id, i) => [id, counts[i]!]));
  }
}

const MAX_SEQ_ATTEMPTS = 200;

class MongoMessages implements MessageRepository {
  /** The last seq this process stored per conversation: the first guess for the next one. */
  private readonly lastSeen = new Map<string, number>();
  /** Appends queue per conversation in this process, so seqs are contended only between nodes. */
  private readonly tails = new Map<string, Promise<unknown>>();

  constructor(private readonly m: Models) {}

  append(input: NewMessage, id: string): Promise<AppendResult> {
    const key = input.conversationId;
    const run = (this.tails.get(key) ?? Promise.resolve()).then(() => this.insertNext(input, id));
    const tail = run.catch(() => {});
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return run;
  }

  private async insertNext(input: NewMessage, id: string): Promise<AppendResult> {
    let seq = (this.lastSeen.get(input.conversationId) ?? (await this.lastSeq(input.conversationId))) + 1;
    for (let attempt = 0; attempt < MAX_SEQ_ATTEMPTS; attempt++) {
      const message: Message = { ...input, id, seq };
      try {
        const { id: _id, ...fields } = message;
        await this.m.Message.collection.insertOne({ _id, ...fields } as never);
        this.remember(input.conversationId, seq);
        return { message, created: true };
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        if (err.keyPattern ? 'clientMessageId' in err.keyPattern : /clientMessageId/.test(err.message)) {
          const original = await this.findByClientId(input.senderId, input.clientMessageId);
          if (original) return { message: original, created: false };
        }
        // Another node took this seq: take the one after the newest stored.
        seq = (await this.lastSeq(input.conversationId)) + 1;
      }
    }
    throw new AppError(ErrorCode.UNAVAILABLE, 'The conversation is too busy right now; please retry');
  }

  async findByClientId(senderId: string, clientMessageId: string) {
    const doc = await this.m.Message.findOne({ senderId, clientMessageId }).lean<WithId<Message>>();
    return doc ? toRecord<Message>(doc) : undefined;
  }

  async before(conversationId: string, beforeSeq: number | undefined, limit: number): Promise<MessagePage> {
    const filter = beforeSeq === undefined ? { conversationId } : { conversationId, seq: trusted({ $lt: beforeSeq }) };
    const docs = await this.m.Message.find(filter).sort({ seq: -1 }).limit(limit + 1).lean<WithId<Message>[]>();
    return { messages: docs.slice(0, limit).reverse().map((d) => toRecord<Message>(d)), hasMore: docs.length > limit };
  }

  async after(conversationId: string, afterSeq: number, limit: number): Promise<MessagePage> {
    const docs = await this.m.Message.find({ conversationId, seq: trusted({ $gt: afterSeq }) })
      .sort({ seq: 1 })
      .limit(limit + 1)
      .lean<WithId<Message>[]>();
    return { messages: docs.slice(0, limit).map((d) => toRecord<Message>(d)), hasMore: docs.length > limit };
  }

  async lastSeqs(conversationIds: readonly string[]) {
    const seqs = await Promise.all(conversationIds.map((id) => this.lastSeq(id)));
    return new Map(conversationIds.map((id, i) => [id, seqs[i]!]));
  }

  async get(id: string) {
    const doc = await this.m.Message.findById(id).lean<WithId<Message>>();
    return doc ? toRecord<Message>(doc) : undefined;
  }

  async redact(id: string, redaction: Required<Redaction>) {
    await this.m.Message.updateOne({ _id: id, redaction: trusted({ $exists: false }) }, { $set: { redaction } });
    return this.get(id);
  }

  private async lastSeq(conversationId: string): Promise<number> {
    const doc = await this.m.Message.findOne({ conversationId }, { seq: 1 }).sort({ seq: -1 }).lean<{ seq: number }>();
    const seq = doc?.seq ?? 0;
    this.remember(conversationId, seq);
    return seq;
  }

  private remember(conversationId: string, seq: number) {
    if (seq > (this.lastSeen.get(conversationId) ?? 0)) this.lastSeen.set(conversationId, seq);
  }
}

class MongoMentorships implements MentorshipRepository {
  constructor(private readonly m: Models) {}

  async createIfNoneActive(mentorship: Mentorship) {
    const { id, ...fields } = mentorship;
    try {
      await this.m.Mentorship.collection.insertOne({ _id: id, ...fields } as never);
      return { mentorship, created: true };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const existing = await this.m.Mentorship.findOne({
        menteeId: mentorship.menteeId,
        specialistId: mentorship.specialistId,
        status: 'active',
      }).lean<WithId<Mentorship>>();
      if (!existing) throw err;
      return { mentorship: toRecord<Mentorship>(existing), created: false };
    }
  }
  async get(id: string) {
    const doc = await this.m.Mentorship.findById(id).lean<WithId<Mentorship>>();
    return doc ? toRecord<Mentorship>(doc) : undefined;
  }
  async countActive(specialistId: string) {
    return this.m.Mentorship.countDocuments({ specialistId, status: 'active' });
  }
  async end(id: string, endedAt: string, endedBy: string) {
    await this.m.Mentorship.updateOne({ _id: id, status: 'active' }, { $set: { status: 'ended', endedAt, endedBy } });
    return this.get(id);
  }
}

const pairId = (a: string, b: string) => `${a}|${b}`;

class MongoStandings implements StandingRepository {
  constructor(private readonly m: Models) {}
  async get(conversationId: string, userId: string) {
    const doc = await this.m.Standing.findById(pairId(conversationId, userId)).lean<Standing & { _id: string }>();
    return doc ? stripId(doc) : undefined;
  }
  async patch(conversationId: string, userId: string, set: StandingFields, unset: ReadonlyArray<keyof StandingFields> = []) {
    const update: Record<string, unknown> = { $set: { ...set, conversationId, userId } };
    if (unset.length > 0) update.$unset = Object.fromEntries(unset.map((field) => [field, '']));
    await this.m.Standing.updateOne({ _id: pairId(conversationId, userId) }, update, { upsert: true });
  }
}

class MongoReports implements ReportRepository {
  constructor(private readonly m: Models) {}
  async createIfAbsent(report: ReportRecord) {
    const { id, ...fields } = report;
    try {
      await this.m.Report.collection.insertOne({ _id: id, ...fields } as never);
      return { report, created: true };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const existing = await this.m.Report.findOne({ reporterId: report.reporterId, messageId: report.messageId }).lean<WithId<ReportRecord>>();
      if (!existing) throw err;
      return { report: toRecord<ReportRecord>(existing), created: false };
    }
  }
  async get(id: string) {
    const doc = await this.m.Report.findById(id).lean<WithId<ReportRecord>>();
    return doc ? toRecord<ReportRecord>(doc) : undefined;
  }
  async list(conversationId: string, status?: Report['status']) {
    const docs = await this.m.Report.find(status ? { conversationId, status } : { conversationId }).sort({ createdAt: 1 }).lean<WithId<ReportRecord>[]>();
    return docs.map((d) => toRecord<ReportRecord>(d));
  }
  async resolve(id: string, resolution: Parameters<ReportRepository['resolve']>[1]) {
    await this.m.Report.updateOne({ _id: id, status: 'open' }, { $set: { status: 'resolved', ...resolution } });
    return this.get(id);
  }
}

class MongoHeld implements HeldMessageRepository {
  constructor(private readonly m: Models) {}
  async createIfAbsent(held: HeldMessage) {
    const { id, ...fields } = held;
    try {
      await this.m.Held.collection.insertOne({ _id: id, ...fields } as never);
      return { held, created: true };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const existing = await this.findByClientId(held.senderId, held.clientMessageId);
      if (!existing) throw err;
      return { held: existing, created: false };
    }
  }
  async get(id: string) {
    const doc = await this.m.Held.findById(id).lean<WithId<HeldMessage>>();
    return doc ? toRecord<HeldMessage>(doc) : undefined;
  }
  async findByClientId(senderId: string, clientMessageId: string) {
    const doc = await this.m.Held.findOne({ senderId, clientMessageId }).lean<WithId<HeldMessage>>();
    return doc ? toRecord<HeldMessage>(doc) : undefined;
  }
  async decide(id: string, decision: Parameters<HeldMessageRepository['decide']>[1]) {
    await this.m.Held.updateOne({ _id: id, status: 'held' }, { $set: decision });
    return this.get(id);
  }
  async linkMessage(id: string, messageId: string) {
    await this.m.Held.updateOne({ _id: id }, { $set: { messageId } });
  }
}

class MongoAudit implements AuditRepository {
  constructor(private readonly m: Models) {}
  async append(entry: AuditEntry) {
    const { id, ...fields } = entry;
    await this.m.Audit.collection.insertOne({ _id: id, ...fields } as never);
  }
  async list(filter: { conversationId?: string; limit: number }) {
    const docs = await this.m.Audit.find(filter.conversationId ? { conversationId: filter.conversationId } : {})
      .sort({ _id: -1 })
      .limit(filter.limit)
      .lean<WithId<AuditEntry>[]>();
    return docs.reverse().map((d) => toRecord<AuditEntry>(d));
  }
}

/** Categories come back sorted, like the in-memory store keeps them ($addToSet appends). */
const toEscalation = (doc: WithId<EscalationRecord>): EscalationRecord => {
  const e = toRecord<EscalationRecord>(doc);
  return { ...e, categories: [...e.categories].sort() };
};

class MongoEscalations implements EscalationRepository {
  constructor(private readonly m: Models) {}
  async create(escalation: EscalationRecord) {
    const { id, ...fields } = escalation;
    await this.m.Escalation.collection.insertOne({ _id: id, ...fields } as never);
  }
  async get(id: string) {
    const doc = await this.m.Escalation.findById(id).lean<WithId<EscalationRecord>>();
    return doc ? toEscalation(doc) : undefined;
  }
  async findActive(conversationId: string) {
    const doc = await this.m.Escalation.findOne({ conversationId, status: trusted({ $in: ['open', 'acknowledged'] }) }).lean<WithId<EscalationRecord>>();
    return doc ? toEscalation(doc) : undefined;
  }
  async attach(id: string, severity: EscalationSeverity, categories: string[]) {
    const higher = RISK_LEVELS.slice(0, RISK_LEVELS.indexOf(severity));
    await this.m.Escalation.updateOne({ _id: id, severity: trusted({ $in: higher }) }, { $set: { severity } });
    await this.m.Escalation.updateOne({ _id: id }, { $addToSet: { categories: { $each: categories } } });
    return this.get(id);
  }
  async acknowledge(id: string, ownerId: string, ackedAt: string, nextStepAt: number) {
    const doc = await this.m.Escalation.findOneAndUpdate(
      { _id: id, status: 'open' },
      { $set: { status: 'acknowledged', ownerId, ackedAt, nextStepAt } },
      { returnDocument: 'after' },
    ).lean<WithId<EscalationRecord>>();
    return doc ? toEscalation(doc) : undefined;
  }
  async resolve(id: string, ownerId: string, resolution: { resolvedAt: string; outcome: string; note?: string }) {
    const doc = await this.m.Escalation.findOneAndUpdate(
      { _id: id, ownerId, status: trusted({ $ne: 'resolved' }) },
      { $set: { status: 'resolved', ...resolution }, $unset: { nextStepAt: '' } },
      { returnDocument: 'after' },
    ).lean<WithId<EscalationRecord>>();
    return doc ? toEscalation(doc) : undefined;
  }
  async claimDue(now: number, nodeId: string, leaseMs: number) {
    const doc = await this.m.Escalation.findOneAndUpdate(
      { nextStepAt: trusted({ $lte: now }), $or: [{ leaseUntil: trusted({ $exists: false }) }, { leaseUntil: trusted({ $lte: now }) }] },
      { $set: { leaseUntil: now + leaseMs, leaseOwner: nodeId } },
      { returnDocument: 'after', sort: { nextStepAt: 1 } },
    ).lean<WithId<EscalationRecord>>();
    return doc ? toEscalation(doc) : undefined;
  }
  async completeStep(id: string, nodeId: string, status: EscalationStatus, patch: StepPatch) {
    const { modifiedCount } = await this.m.Escalation.updateOne(
      { _id: id, leaseOwner: nodeId, status },
      { $set: patch, $unset: { leaseUntil: '', leaseOwner: '' } },
    );
    return modifiedCount > 0;
  }
  async list(status?: EscalationStatus) {
    const docs = await this.m.Escalation.find(status ? { status } : {}).lean<WithId<EscalationRecord>[]>();
    return docs.map(toEscalation);
  }
}

class MongoOnCall implements OnCallRepository {
  constructor(private readonly m: Models) {}
  async set(userId: string, onCall: boolean, programId?: string) {
    if (onCall) await this.m.OnCall.replaceOne({ _id: userId }, { _id: userId, userId, ...(programId ? { programId } : {}) }, { upsert: true });
    else await this.m.OnCall.deleteOne({ _id: userId });
  }
  async list() {
    const docs = await this.m.OnCall.find({}).lean<(OnCallEntry & { _id: string })[]>();
    return docs.map(stripId);
  }
}

class MongoPolicies implements PolicyRepository {
  constructor(private readonly m: Models) {}
  async get() {
    const doc = await this.m.Policy.findById('current').lean<{ policy: EscalationPolicy }>();
    return doc?.policy;
  }
  async put(policy: EscalationPolicy) {
    await this.m.Policy.replaceOne({ _id: 'current' }, { _id: 'current', policy }, { upsert: true });
  }
}

class MongoProfiles implements ProfileRepository {
  constructor(private readonly m: Models) {}
  private toProfile = (doc: ProfileRecord & { _id: string }): ProfileRecord => stripId(doc);
  async upsert(fields: ProfileFields) {
    const unset: Record<string, ''> = {};
    if (!fields.officeHours) unset.officeHours = '';
    if (!fields.programId) unset.programId = '';
    await this.m.Profile.updateOne(
      { _id: fields.userId },
      { $set: fields, $setOnInsert: { availability: 'offline', blocked: [] }, ...(Object.keys(unset).length ? { $unset: unset } : {}) },
      { upsert: true },
    );
    return (await this.get(fields.userId))!;
  }
  async get(userId: string) {
    const doc = await this.m.Profile.findById(userId).lean<ProfileRecord & { _id: string }>();
    return doc ? this.toProfile(doc) : undefined;
  }
  async list() {
    const docs = await this.m.Profile.find({}).lean<(ProfileRecord & { _id: string })[]>();
    return docs.map(this.toProfile);
  }
  async setAvailability(userId: string, status: Availability) {
    await this.m.Profile.updateOne({ _id: userId }, { $set: { availability: status } });
    return this.get(userId);
  }
  async setDisconnectedAt(userId: string, at: number | undefined) {
    await this.m.Profile.updateOne({ _id: userId }, at === undefined ? { $unset: { disconnectedAt: '' } } : { $set: { disconnectedAt: at } });
  }
  async reserve(userId: string, requestId: string) {
    const { modifiedCount } = await this.m.Profile.updateOne({ _id: userId, pendingOffer: trusted({ $exists: false }) }, { $set: { pendingOffer: requestId } });
    return modifiedCount > 0;
  }
  async release(userId: string, requestId: string) {
    await this.m.Profile.updateOne({ _id: userId, pendingOffer: requestId }, { $unset: { pendingOffer: '' } });
  }
  async block(userId: string, menteeId: string) {
    await this.m.Profile.updateOne({ _id: userId }, { $addToSet: { blocked: menteeId } });
  }
}

class MongoRequests implements RequestRepository {
  constructor(private readonly m: Models) {}
  private toRequest = (doc: WithId<RequestRecord> & { openKey?: string }): RequestRecord => {
    const { openKey: _k, ...rest } = toRecord<RequestRecord>(doc) as RequestRecord & { openKey?: string };
    return rest;
  };
  async createIfNoneOpen(request: RequestRecord) {
    const { id, ...fields } = request;
    try {
      await this.m.Request.collection.insertOne({ _id: id, ...fields, openKey: request.menteeId } as never);
      return { request, created: true };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const open = await this.m.Request.findOne({ openKey: request.menteeId }).lean<WithId<RequestRecord>>();
      if (!open) throw err;
      return { request: this.toRequest(open), created: false };
    }
  }
  async get(id: string) {
    const doc = await this.m.Request.findById(id).lean<WithId<RequestRecord>>();
    return doc ? this.toRequest(doc) : undefined;
  }
  async listOpen() {
    const docs = await this.m.Request.find({ status: trusted({ $in: ['waiting', 'offered'] }) }).lean<WithId<RequestRecord>[]>();
    return docs.map(this.toRequest);
  }
  async offer(id: string, specialistId: string, expiresAt: number) {
    const { modifiedCount } = await this.m.Request.updateOne({ _id: id, status: 'waiting' }, { $set: { status: 'offered', offeredTo: specialistId, offerExpiresAt: expiresAt } });
    return modifiedCount > 0;
  }
  async accept(id: string, specialistId: string, now: number) {
    const doc = await this.m.Request.findOneAndUpdate(
      { _id: id, status: 'offered', offeredTo: specialistId, offerExpiresAt: trusted({ $gt: now }) },
      { $set: { status: 'matched' }, $unset: { openKey: '' } },
      { returnDocument: 'after' },
    ).lean<WithId<RequestRecord>>();
    return doc ? this.toRequest(doc) : undefined;
  }
  async setMentorship(id: string, mentorshipId: string) {
    await this.m.Request.updateOne({ _id: id }, { $set: { mentorshipId } });
  }
  async withdraw(id: string, specialistId: string, declined: boolean) {
    const doc = await this.m.Request.findOneAndUpdate(
      { _id: id, status: 'offered', offeredTo: specialistId },
      { $set: { status: 'waiting' }, $unset: { offeredTo: '', offerExpiresAt: '' }, ...(declined ? { $addToSet: { declinedBy: specialistId } } : {}) },
      { returnDocument: 'after' },
    ).lean<WithId<RequestRecord>>();
    return doc ? this.toRequest(doc) : undefined;
  }
  async cancel(id: string, menteeId: string) {
    const doc = await this.m.Request.findOneAndUpdate(
      { _id: id, menteeId, status: trusted({ $in: ['waiting', 'offered'] }) },
      { $set: { status: 'cancelled' }, $unset: { openKey: '' } },
      { returnDocument: 'after' },
    ).lean<WithId<RequestRecord>>();
    return doc ? this.toRequest(doc) : undefined;
  }
  async expiredOffers(now: number) {
    const docs = await this.m.Request.find({ status: 'offered', offerExpiresAt: trusted({ $lte: now }) }).lean<WithId<RequestRecord>[]>();
    return docs.map(this.toRequest);
  }
  async setPosition(id: string, position: number) {
    await this.m.Request.updateOne({ _id: id }, { $set: { lastPosition: position } });
  }
}

const { MongoNetworkError, MongoServerSelectionError, MongoNotConnectedError, MongoTopologyClosedError, MongoServerClosedError, MongoError } = mongo;

// Socket errors the driver sometimes lets through unwrapped (a write racing a closed connection).
const NETWORK_CODES = new Set(['EPIPE', 'ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTCONN']);

/** Errors that mean "MongoDB cannot be reached right now" (network, selection, pool), as opposed to a bad query. */
function isUnreachable(err: unknown): boolean {
  if (NETWORK_CODES.has(String((err as { code?: unknown })?.code))) return true;
  if (
    err instanceof MongoNetworkError ||
    err instanceof MongoServerSelectionError ||
    err instanceof MongoNotConnectedError ||
    err instanceof MongoTopologyClosedError ||
    err instanceof MongoServerClosedError
  ) {
    return true;
  }
  return err instanceof MongoError && (err.hasErrorLabel('RetryableWriteError') || err.hasErrorLabel('ResetPool'));
}

/**
 * Bounds every repository call: past `timeoutMs`, or when the driver cannot reach MongoDB, it fails
 * with UNAVAILABLE (retryable). A write that completes after its timeout is harmless: the client's
 * retry finds it through its clientMessageId.
 */
function bounded<T extends object>(repository: T, timeoutMs: number, log: Logger): T {
  // A proxy, so only calls from outside are bounded; the repository's calls to itself go straight through.
  return new Proxy(repository, {
    get(target, property, receiver) {
      const method = Reflect.get(target, property, receiver) as unknown;
      if (typeof method !== 'function') return method;
      return (...args: unknown[]) => {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new AppError(ErrorCode.UNAVAILABLE, 'The message store did not answer in time; please retry')), timeoutMs);
        });
        const work = Promise.resolve(method.apply(target, args)).catch((err: unknown) => {
          if (err instanceof AppError) throw err;
          if (isUnreachable(err)) {
            log.warn({ error: errorForLog(err) }, 'store unreachable');
            throw new AppError(ErrorCode.UNAVAILABLE, 'The message store is unavailable; please retry', { cause: err });
          }
          throw err;
        });
        return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
      };
    },
  });
}

/**
 * MongoDB through mongoose. Connects (retrying until it succeeds), creates the indexes, and from
 * then on lets the driver reconnect by itself after an outage.
 */
export async function connectMongoStore(options: MongoStoreOptions): Promise<Store> {
  const { log, operationTimeoutMs } = options;
  const mongoose = new Mongoose();
  // Defence in depth: any operator object in a filter is neutralised unless the repository marks it trusted().
  mongoose.set('sanitizeFilter', true);
  mongoose.set('strictQuery', 'throw');
  const conn = mongoose.createConnection();
  conn.on('error', (err) => log.warn({ error: errorForLog(err) }, 'mongodb connection error'));
  conn.on('disconnected', () => log.warn('mongodb disconnected'));
  conn.on('reconnected', () => log.info('mongodb reconnected'));

  for (let attempt = 1; ; attempt++) {
    try {
      await conn.openUri(options.uri, {
        bufferCommands: false,
        autoIndex: false,
        autoCreate: false,
        serverSelectionTimeoutMS: operationTimeoutMs,
        heartbeatFrequencyMS: 2000,
        maxPoolSize: 20,
      });
      break;
    } catch (err) {
      const waitMs = Math.min(10_000, 500 * attempt);
      log.warn({ error: errorForLog(err), attempt, waitMs }, 'cannot reach mongodb yet; retrying');
      await new Promise((r) => setTimeout(r, waitMs));
    }
  }
  const models = createModels(conn);
  await Promise.all(Object.values(models).map((model) => model.createIndexes()));
  log.info('mongodb connected; indexes ensured');

  return {
    kind: 'mongodb',
    users: bounded(new MongoUsers(models), operationTimeoutMs, log),
    conversations: bounded(new MongoConversations(models), operationTimeoutMs, log),
    messages: bounded(new MongoMessages(models), operationTimeoutMs, log),
    mentorships: bounded(new MongoMentorships(models), operationTimeoutMs, log),
    standings: bounded(new MongoStandings(models), operationTimeoutMs, log),
    reports: bounded(new MongoReports(models), operationTimeoutMs, log),
    held: bounded(new MongoHeld(models), operationTimeoutMs, log),
    audit: bounded(new MongoAudit(models), operationTimeoutMs, log),
    escalations: bounded(new MongoEscalations(models), operationTimeoutMs, log),
    onCall: bounded(new MongoOnCall(models), operationTimeoutMs, log),
    policies: bounded(new MongoPolicies(models), operationTimeoutMs, log),
    profiles: bounded(new MongoProfiles(models), operationTimeoutMs, log),
    requests: bounded(new MongoRequests(models), operationTimeoutMs, log),
    async isReady() {
      if (conn.readyState !== 1 || !conn.db) return false;
      const ping = conn.db.admin().ping();
      const timeout = new Promise<false>((resolve) => setTimeout(() => resolve(false), Math.min(1000, operationTimeoutMs)).unref());
      return Promise.race([ping.then(() => true, () => false), timeout]);
    },
    async close() {
      await conn.close(true);
    },
  };
}
