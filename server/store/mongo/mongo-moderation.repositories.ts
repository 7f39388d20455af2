import { trusted } from 'mongoose';
import type { AuditEntry, HeldMessage, Report } from '../../../shared/models.js';
import type { AuditFilter, AuditRepository, HeldMessageRepository, ReportRecord, ReportRepository, Standing, StandingFields, StandingRepository } from '../../moderation/moderation.repository.js';
import { SEALED, Sealer } from '../../privacy/sealed-fields.js';
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
  constructor(
    private readonly m: Models,
    private readonly sealer: Sealer = new Sealer(),
  ) {}
  private readonly toReport = (doc: WithId<ReportRecord>): ReportRecord => this.sealer.open(toRecord<ReportRecord>(doc), SEALED.report);
  async createIfAbsent(report: ReportRecord) {
    const { record, created } = await insertOrFind(this.m.Report.collection, this.sealer.seal(report, SEALED.report), async () => {
      const existing = await this.m.Report.findOne({ reporterId: report.reporterId, messageId: report.messageId }).lean<WithId<ReportRecord>>();
      return existing ? this.toReport(existing) : undefined;
    });
    return { report: created ? report : record, created };
  }
  async get(id: string) {
    const doc = await this.m.Report.findById(id).lean<WithId<ReportRecord>>();
    return doc ? this.toReport(doc) : undefined;
  }
  async list(conversationId: string, status?: Report['status']) {
    const docs = await this.m.Report.find(status ? { conversationId, status } : { conversationId }).sort({ createdAt: 1 }).lean<WithId<ReportRecord>[]>();
    return docs.map(this.toReport);
  }
  async resolve(id: string, resolution: Parameters<ReportRepository['resolve']>[1]) {
    await this.m.Report.updateOne({ _id: id, status: 'open' }, { $set: { status: 'resolved', ...this.sealer.seal(resolution, SEALED.report) } });
    return this.get(id);
  }
}

export class MongoHeld implements HeldMessageRepository {
  constructor(
    private readonly m: Models,
    private readonly sealer: Sealer = new Sealer(),
  ) {}
  private readonly toHeld = (doc: WithId<HeldMessage>): HeldMessage => this.sealer.open(toRecord<HeldMessage>(doc), SEALED.held);
  async createIfAbsent(held: HeldMessage) {
    const { record, created } = await insertOrFind(this.m.Held.collection, this.sealer.seal(held, SEALED.held), () => this.findByClientId(held.senderId, held.clientMessageId));
    return { held: created ? held : record, created };
  }
  async get(id: string) {
    const doc = await this.m.Held.findById(id).lean<WithId<HeldMessage>>();
    return doc ? this.toHeld(doc) : undefined;
  }
  async findByClientId(senderId: string, clientMessageId: string) {
    const doc = await this.m.Held.findOne({ senderId, clientMessageId }).lean<WithId<HeldMessage>>();
    return doc ? this.toHeld(doc) : undefined;
  }
  async decide(id: string, decision: Parameters<HeldMessageRepository['decide']>[1]) {
    await this.m.Held.updateOne({ _id: id, status: 'held' }, { $set: this.sealer.seal(decision, SEALED.held) });
    return this.get(id);
  }
  async linkMessage(id: string, messageId: string) {
    await this.m.Held.updateOne({ _id: id }, { $set: { messageId } });
  }
  async listWaiting(conversationId: string) {
    const docs = await this.m.Held.find({ conversationId, status: 'held' }).sort({ createdAt: 1 }).lean<WithId<HeldMessage>[]>();
    return docs.map(this.toHeld);
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
