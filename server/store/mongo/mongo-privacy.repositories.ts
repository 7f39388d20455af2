import { trusted } from 'mongoose';
import type { AccessLogEntry, ConversationKind, Message } from '../../../shared/models.js';
import type { RequestRecord } from '../../matching/matching.repository.js';
import type { Standing } from '../../moderation/moderation.repository.js';
import type { AccessLogFilter, AccessLogRepository, PersonalDataRepository, RetentionRepository } from '../../privacy/privacy.repository.js';
import { SEALED, Sealer } from '../../privacy/sealed-fields.js';
import { isDuplicateKey, stripId, toRecord, type WithId } from './mongo-helpers.js';
import type { Models } from './mongo-models.js';

// The access log, and one person's records across the collections, in MongoDB.
export class MongoAccessLog implements AccessLogRepository {
  constructor(private readonly m: Models) {}
  async append(entry: AccessLogEntry) {
    const { id, ...fields } = entry;
    await this.m.AccessLog.collection.insertOne({ _id: id, ...fields } as never);
  }
  async list(filter: AccessLogFilter) {
    const query: Record<string, unknown> = {};
    if (filter.subjectId) query.subjectId = filter.subjectId;
    if (filter.actorId) query.actorId = filter.actorId;
    if (filter.before) query._id = trusted({ $lt: filter.before });
    if (filter.from || filter.to) query.at = trusted({ ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lte: filter.to } : {}) });
    const docs = await this.m.AccessLog.find(query).sort({ _id: -1 }).limit(filter.limit).lean<WithId<AccessLogEntry>[]>();
    return docs.map((d) => toRecord<AccessLogEntry>(d));
  }
}

export class MongoPersonalData implements PersonalDataRepository {
  constructor(
    private readonly m: Models,
    private readonly sealer: Sealer = new Sealer(),
  ) {}
  async messagesBy(senderId: string) {
    const docs = await this.m.Message.find({ senderId }).sort({ createdAt: 1, seq: 1 }).lean<WithId<Message>[]>();
    return docs.map((d) => this.sealer.open(toRecord<Message>(d), SEALED.message));
  }
  async requestsOf(menteeId: string) {
    const docs = await this.m.Request.find({ menteeId }).sort({ createdAt: 1 }).lean<(WithId<RequestRecord> & { openKey?: string })[]>();
    return docs.map((d) => {
      const { openKey: _k, ...rest } = toRecord<RequestRecord>(d) as RequestRecord & { openKey?: string };
      return this.sealer.open(rest, SEALED.request);
    });
  }
  async standingsOf(userId: string) {
    const docs = await this.m.Standing.find({ userId }).lean<(Standing & { _id: string })[]>();
    return docs.map(stripId);
  }
  async erase(userId: string, name: string, at: string) {
    const messages = await this.m.Message.updateMany({ senderId: userId }, { $set: { body: '', senderName: name, erased: true }, $unset: { redaction: '' } });
    const held = await this.m.Held.updateMany({ senderId: userId }, { $set: { body: '', senderName: name } });
    const requests = await this.m.Request.deleteMany({ menteeId: userId });
    await Promise.all([this.m.Profile.deleteOne({ _id: userId }), this.m.Contact.deleteOne({ _id: userId })]);
    await this.m.User.updateOne({ _id: userId }, { $set: { name, erasedAt: at } });
    return { messages: messages.modifiedCount, held: held.modifiedCount, requests: requests.deletedCount };
  }
}

export class MongoRetention implements RetentionRepository {
  constructor(private readonly m: Models) {}
  async claimRun(now: number, nodeId: string, everyMs: number, leaseMs: number) {
    try {
      // Matches only when the last run is old enough and no lease is live; otherwise the upsert
      // collides with the existing document and this node does not run.
      const doc = await this.m.Job.findOneAndUpdate(
        { _id: 'retention', lastRunAt: trusted({ $lte: now - everyMs }), $or: [{ leaseUntil: trusted({ $exists: false }) }, { leaseUntil: trusted({ $lte: now }) }] },
        { $set: { lastRunAt: now, leaseUntil: now + leaseMs, leaseOwner: nodeId } },
        { upsert: true, returnDocument: 'after' },
      ).lean<{ leaseOwner?: string }>();
      return doc?.leaseOwner === nodeId;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }
  async purgeMessages(kind: ConversationKind, cutoff: string, limit: number) {
    const conversations = await this.m.Conversation.find({ kind }, { _id: 1 }).lean<{ _id: string }[]>();
    let purged = 0;
    for (const { _id: conversationId } of conversations) {
      if (purged >= limit) break;
      const newest = await this.m.Message.findOne({ conversationId }, { seq: 1 }).sort({ seq: -1 }).lean<{ seq: number }>();
      if (!newest) continue;
      const old = await this.m.Message.find({ conversationId, createdAt: trusted({ $lt: cutoff }), seq: trusted({ $lt: newest.seq }) }, { _id: 1 })
        .sort({ seq: 1 })
        .limit(limit - purged)
        .lean<{ _id: string }[]>();
      if (old.length === 0) continue;
      const { deletedCount } = await this.m.Message.deleteMany({ _id: trusted({ $in: old.map((d) => d._id) }) });
      purged += deletedCount;
    }
    return purged;
  }
  async purgeEscalations(cutoff: string, limit: number) {
    const old = await this.m.Escalation.find({ status: 'resolved', resolvedAt: trusted({ $lt: cutoff }) }, { _id: 1 }).limit(limit).lean<{ _id: string }[]>();
    if (old.length === 0) return 0;
    const ids = old.map((d) => d._id);
    await this.m.Outbound.deleteMany({ escalationId: trusted({ $in: ids }) });
    const { deletedCount } = await this.m.Escalation.deleteMany({ _id: trusted({ $in: ids }) });
    return deletedCount;
  }
}
