import { trusted } from 'mongoose';
import type { EscalationPolicy } from '../../../shared/http.js';
import { RISK_LEVELS, type ClinicianContact, type EscalationSeverity, type EscalationStatus, type OnCallShift } from '../../../shared/models.js';
import type {
  ContactRepository,
  EscalationRecord,
  EscalationRepository,
  OnCallEntry,
  OnCallRepository,
  OutboundPatch,
  OutboundRecord,
  OutboxRepository,
  PolicyRepository,
  ShiftRepository,
  StepPatch,
  Resolution,
} from '../../escalation/escalation.repository.js';
import { isDuplicateKey } from './mongo-helpers.js';
import { SEALED, Sealer } from '../../privacy/sealed-fields.js';
import type { Models } from './mongo-models.js';
import { type WithId, toRecord, stripId } from './mongo-helpers.js';

// Escalations with their steps and leases (categories come back sorted, like the in-memory store
// keeps them: $addToSet appends), on-call declarations and the policy in MongoDB.
export class MongoEscalations implements EscalationRepository {
  constructor(
    private readonly m: Models,
    private readonly sealer: Sealer = new Sealer(),
  ) {}
  /** The reason, outcome, note and excerpt are stored sealed when a key is configured. */
  private readonly toEscalation = (doc: WithId<EscalationRecord>): EscalationRecord => {
    const e = this.sealer.open(toRecord<EscalationRecord>(doc), SEALED.escalation);
    return { ...e, categories: [...e.categories].sort() };
  };
  async create(escalation: EscalationRecord) {
    const { id, ...fields } = escalation;
    await this.m.Escalation.collection.insertOne({ _id: id, ...this.sealer.seal(fields, SEALED.escalation) } as never);
  }
  async get(id: string) {
    const doc = await this.m.Escalation.findById(id).lean<WithId<EscalationRecord>>();
    return doc ? this.toEscalation(doc) : undefined;
  }
  async findActive(conversationId: string) {
    const doc = await this.m.Escalation.findOne({ conversationId, status: trusted({ $in: ['open', 'acknowledged'] }) }).lean<WithId<EscalationRecord>>();
    return doc ? this.toEscalation(doc) : undefined;
  }
  async findActiveForSubject(subjectId: string) {
    const doc = await this.m.Escalation.findOne({ subjectId, status: trusted({ $in: ['open', 'acknowledged'] }) }).lean<WithId<EscalationRecord>>();
    return doc ? this.toEscalation(doc) : undefined;
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
    return doc ? this.toEscalation(doc) : undefined;
  }
  async resolve(id: string, ownerId: string, resolution: Resolution) {
    const doc = await this.m.Escalation.findOneAndUpdate(
      { _id: id, ownerId, status: trusted({ $ne: 'resolved' }) },
      { $set: { status: 'resolved', ...this.sealer.seal(resolution, SEALED.escalation) }, $unset: { nextStepAt: '' } },
      { returnDocument: 'after' },
    ).lean<WithId<EscalationRecord>>();
    return doc ? this.toEscalation(doc) : undefined;
  }
  async claimDue(now: number, nodeId: string, leaseMs: number) {
    const doc = await this.m.Escalation.findOneAndUpdate(
      { nextStepAt: trusted({ $lte: now }), $or: [{ leaseUntil: trusted({ $exists: false }) }, { leaseUntil: trusted({ $lte: now }) }] },
      { $set: { leaseUntil: now + leaseMs, leaseOwner: nodeId } },
      { returnDocument: 'after', sort: { nextStepAt: 1 } },
    ).lean<WithId<EscalationRecord>>();
    return doc ? this.toEscalation(doc) : undefined;
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
    return docs.map(this.toEscalation);
  }
}

export class MongoOnCall implements OnCallRepository {
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

export class MongoPolicies implements PolicyRepository {
  constructor(private readonly m: Models) {}
  async get() {
    const doc = await this.m.Policy.findById('current').lean<{ policy: EscalationPolicy }>();
    return doc?.policy;
  }
  async put(policy: EscalationPolicy) {
    await this.m.Policy.replaceOne({ _id: 'current' }, { _id: 'current', policy }, { upsert: true });
  }
}

export class MongoShifts implements ShiftRepository {
  constructor(private readonly m: Models) {}
  async create(shift: OnCallShift) {
    const { id, ...fields } = shift;
    await this.m.Shift.collection.insertOne({ _id: id, ...fields, fromMs: Date.parse(shift.from), toMs: Date.parse(shift.to) } as never);
  }
  async get(id: string) {
    const doc = await this.m.Shift.findById(id).lean<WithId<OnCallShift> & { fromMs: number; toMs: number }>();
    return doc ? toShift(doc) : undefined;
  }
  async delete(id: string) {
    const { deletedCount } = await this.m.Shift.deleteOne({ _id: id });
    return deletedCount > 0;
  }
  async overlapping(fromMs: number, toMs: number) {
    const docs = await this.m.Shift.find({ fromMs: trusted({ $lt: toMs }), toMs: trusted({ $gt: fromMs }) })
      .sort({ fromMs: 1, _id: 1 })
      .lean<(WithId<OnCallShift> & { fromMs: number; toMs: number })[]>();
    return docs.map(toShift);
  }
}

const toShift = (doc: WithId<OnCallShift> & { fromMs: number; toMs: number }): OnCallShift => {
  const { fromMs: _from, toMs: _to, ...rest } = doc;
  return toRecord<OnCallShift>(rest as WithId<OnCallShift>);
};

export class MongoContacts implements ContactRepository {
  constructor(private readonly m: Models) {}
  async get(userId: string) {
    const doc = await this.m.Contact.findById(userId).lean<ClinicianContact & { _id: string }>();
    return doc ? stripId(doc) : undefined;
  }
  async put(userId: string, contact: ClinicianContact) {
    await this.m.Contact.replaceOne({ _id: userId }, { _id: userId, ...contact }, { upsert: true });
  }
  async getMany(userIds: readonly string[]) {
    const docs = await this.m.Contact.find({ _id: trusted({ $in: [...userIds] }) }).lean<(ClinicianContact & { _id: string })[]>();
    return new Map(docs.map((d) => [d._id, stripId(d)] as const));
  }
}

export class MongoOutbox implements OutboxRepository {
  constructor(private readonly m: Models) {}
  async enqueue(records: OutboundRecord[]) {
    let added = 0;
    for (const { id, ...fields } of records) {
      try {
        await this.m.Outbound.collection.insertOne({ _id: id, ...fields } as never);
        added++;
      } catch (err) {
        // Queued already (by this step on another node, or an earlier try): once is enough.
        if (!isDuplicateKey(err)) throw err;
      }
    }
    return added;
  }
  async claimDue(now: number, nodeId: string, leaseMs: number) {
    const doc = await this.m.Outbound.findOneAndUpdate(
      { status: 'pending', dueAt: trusted({ $lte: now }), $or: [{ leaseUntil: trusted({ $exists: false }) }, { leaseUntil: trusted({ $lte: now }) }] },
      { $set: { leaseUntil: now + leaseMs, leaseOwner: nodeId } },
      { returnDocument: 'after', sort: { dueAt: 1 } },
    ).lean<WithId<OutboundRecord>>();
    return doc ? toRecord<OutboundRecord>(doc) : undefined;
  }
  async complete(id: string, nodeId: string, patch: OutboundPatch) {
    const { modifiedCount } = await this.m.Outbound.updateOne({ _id: id, leaseOwner: nodeId }, { $set: patch, $unset: { leaseUntil: '', leaseOwner: '' } });
    return modifiedCount > 0;
  }
  async listFor(escalationId: string) {
    const docs = await this.m.Outbound.find({ escalationId }).lean<WithId<OutboundRecord>[]>();
    return docs.map((d) => toRecord<OutboundRecord>(d));
  }
}
