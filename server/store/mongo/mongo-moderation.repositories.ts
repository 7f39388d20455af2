import { trusted } from 'mongoose';
import type { AuditEntry, HeldMessage, Report } from '../../../shared/models.js';
import type { AuditFilter, AuditRepository, HeldMessageRepository, ReportRecord, ReportRepository, Standing, StandingFields, StandingRepository } from '../../moderation/moderation.repository.js';
import type { Models } from './mongo-models.js';
import { type WithId, toRecord, stripId, pairId, insertOrFind } from './mongo-helpers.js';

// Standings, reports, held messages and the audit log in MongoDB.

export class MongoStandings implements StandingRepository {
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

export class MongoReports implements ReportRepository {
  constructor(private readonly m: Models) {}
  async createIfAbsent(report: ReportRecord) {
    const { record, created } = await insertOrFind(this.m.Report.collection, report, async () => {
      const existing = await this.m.Report.findOne({ reporterId: report.reporterId, messageId: report.messageId }).lean<WithId<ReportRecord>>();
      return existing ? toRecord<ReportRecord>(existing) : undefined;
    });
    return { report: record, created };
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

export class MongoHeld implements HeldMessageRepository {
  constructor(private readonly m: Models) {}
  async createIfAbsent(held: HeldMessage) {
    const { record, created } = await insertOrFind(this.m.Held.collection, held, () => this.findByClientId(held.senderId, held.clientMessageId));
    return { held: record, created };
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

export class MongoAudit implements AuditRepository {
  constructor(private readonly m: Models) {}
  async append(entry: AuditEntry) {
    const { id, ...fields } = entry;
    await this.m.Audit.collection.insertOne({ _id: id, ...fields } as never);
  }
  async list(filter: AuditFilter) {
    const query: Record<string, unknown> = {};
    if (filter.conversationId) query.conversationId = filter.conversationId;
    if (filter.before) query._id = trusted({ $lt: filter.before });
    if (filter.action) query.action = filter.action;
    if (filter.actorId) query.actorId = filter.actorId;
    if (filter.from || filter.to) query.at = trusted({ ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lte: filter.to } : {}) });
    const docs = await this.m.Audit.find(query).sort({ _id: -1 }).limit(filter.limit).lean<WithId<AuditEntry>[]>();
    return docs.reverse().map((d) => toRecord<AuditEntry>(d));
  }
}
