import { trusted } from 'mongoose';
import type { EscalationPolicy } from '../../../shared/http.js';
import { RISK_LEVELS, type EscalationSeverity, type EscalationStatus } from '../../../shared/models.js';
import type { EscalationRecord, EscalationRepository, OnCallEntry, OnCallRepository, PolicyRepository, StepPatch, Resolution } from '../../escalation/escalation.repository.js';
import type { Models } from './mongo-models.js';
import { type WithId, toRecord, stripId } from './mongo-helpers.js';

// Escalations with their steps and leases, on-call declarations and the policy in MongoDB.
/** Categories come back sorted, like the in-memory store keeps them ($addToSet appends). */
const toEscalation = (doc: WithId<EscalationRecord>): EscalationRecord => {
  const e = toRecord<EscalationRecord>(doc);
  return { ...e, categories: [...e.categories].sort() };
};

export class MongoEscalations implements EscalationRepository {
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
  async findActiveForSubject(subjectId: string) {
    const doc = await this.m.Escalation.findOne({ subjectId, status: trusted({ $in: ['open', 'acknowledged'] }) }).lean<WithId<EscalationRecord>>();
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
  async resolve(id: string, ownerId: string, resolution: Resolution) {
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
