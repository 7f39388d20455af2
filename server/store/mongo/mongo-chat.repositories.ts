import { trusted } from 'mongoose';
import { AppError, ErrorCode } from '../../../shared/errors.js';
import type { Message, Mentorship, MemberRole, Redaction, RiskFlag } from '../../../shared/models.js';
import type { AddMemberResult, ConversationPatch, ConversationRecord, ConversationRepository, MemberRecord } from '../../conversations/conversation.repository.js';
import type { AppendResult, MessagePage, MessageRepository, NewMessage } from '../../conversations/message.repository.js';
import type { ActiveMentorshipFilter, MentorshipRepository } from '../../mentorships/mentorship.repository.js';
import type { UserRecord, UserRepository } from '../../users/user.repository.js';
import { SEALED, Sealer } from '../../privacy/sealed-fields.js';
import type { Models } from './mongo-models.js';
import { type WithId, toRecord, stripId, memberId, isDuplicateKey, insertOrFind } from './mongo-helpers.js';

// Users, conversations, messages and mentorships in MongoDB.
export class MongoUsers implements UserRepository {
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

export class MongoConversations implements ConversationRepository {
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
  async flagRisk(id: string, flag: RiskFlag) {
    await this.m.Conversation.updateOne({ _id: id }, { $set: { riskFlag: flag } });
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

export class MongoMessages implements MessageRepository {
  /** The last seq this process stored per conversation: the first guess for the next one. */
  private readonly lastSeen = new Map<string, number>();
  /** Appends queue per conversation in this process, so seqs are contended only between nodes. */
  private readonly tails = new Map<string, Promise<unknown>>();

  constructor(
    private readonly m: Models,
    private readonly sealer: Sealer = new Sealer(),
  ) {}

  /** Bodies are stored sealed (encrypted) when a key is configured, and read back open. */
  private readonly toMessage = (doc: WithId<Message>): Message => this.sealer.open(toRecord<Message>(doc), SEALED.message);

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
        await this.m.Message.collection.insertOne({ _id, ...this.sealer.seal(fields, SEALED.message) } as never);
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
    return doc ? this.toMessage(doc) : undefined;
  }

  async before(conversationId: string, beforeSeq: number | undefined, limit: number): Promise<MessagePage> {
    const filter = beforeSeq === undefined ? { conversationId } : { conversationId, seq: trusted({ $lt: beforeSeq }) };
    const docs = await this.m.Message.find(filter).sort({ seq: -1 }).limit(limit + 1).lean<WithId<Message>[]>();
    return { messages: docs.slice(0, limit).reverse().map(this.toMessage), hasMore: docs.length > limit };
  }

  async after(conversationId: string, afterSeq: number, limit: number): Promise<MessagePage> {
    const docs = await this.m.Message.find({ conversationId, seq: trusted({ $gt: afterSeq }) })
      .sort({ seq: 1 })
      .limit(limit + 1)
      .lean<WithId<Message>[]>();
    return { messages: docs.slice(0, limit).map(this.toMessage), hasMore: docs.length > limit };
  }

  async lastSeqs(conversationIds: readonly string[]) {
    const seqs = await Promise.all(conversationIds.map((id) => this.lastSeq(id)));
    return new Map(conversationIds.map((id, i) => [id, seqs[i]!]));
  }

  async get(id: string) {
    const doc = await this.m.Message.findById(id).lean<WithId<Message>>();
    return doc ? this.toMessage(doc) : undefined;
  }

  async redact(id: string, redaction: Required<Redaction>) {
    await this.m.Message.updateOne({ _id: id, redaction: trusted({ $exists: false }) }, { $set: this.sealer.seal({ redaction }, SEALED.message) });
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

export class MongoMentorships implements MentorshipRepository {
  constructor(private readonly m: Models) {}

  async createIfNoneActive(mentorship: Mentorship) {
    const { record, created } = await insertOrFind(this.m.Mentorship.collection, mentorship, async () => {
      const { menteeId, specialistId } = mentorship;
      const existing = await this.m.Mentorship.findOne({ menteeId, specialistId, status: 'active' }).lean<WithId<Mentorship>>();
      return existing ? toRecord<Mentorship>(existing) : undefined;
    });
    return { mentorship: record, created };
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
  async listActive(filter: ActiveMentorshipFilter) {
    const query: Record<string, unknown> = { status: 'active' };
    if (filter.menteeId) query.menteeId = filter.menteeId;
    if (filter.specialistId) query.specialistId = filter.specialistId;
    if (filter.before) {
      const { createdAt, id } = filter.before;
      query.$or = [{ createdAt: trusted({ $lt: createdAt }) }, { createdAt, _id: trusted({ $lt: id }) }];
    }
    const docs = await this.m.Mentorship.find(query).sort({ createdAt: -1, _id: -1 }).limit(filter.limit).lean<WithId<Mentorship>[]>();
    return docs.map((d) => toRecord<Mentorship>(d));
  }
}
