import { trusted } from 'mongoose';
import type { ProfileFields, ProfileRecord, ProfileRepository, RequestRecord, RequestRepository } from '../../matching/matching.repository.js';
import type { Availability } from '../../../shared/models.js';
import { SEALED, Sealer } from '../../privacy/sealed-fields.js';
import type { Models } from './mongo-models.js';
import { type WithId, toRecord, stripId, insertOrFind } from './mongo-helpers.js';

// Specialist profiles and support requests in MongoDB.
export class MongoProfiles implements ProfileRepository {
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

export class MongoRequests implements RequestRepository {
  constructor(
    private readonly m: Models,
    private readonly sealer: Sealer = new Sealer(),
  ) {}
  private toRequest = (doc: WithId<RequestRecord> & { openKey?: string }): RequestRecord => {
    const { openKey: _k, ...rest } = toRecord<RequestRecord>(doc) as RequestRecord & { openKey?: string };
    return this.sealer.open(rest, SEALED.request);
  };
  async createIfNoneOpen(request: RequestRecord) {
    const findOpen = async () => {
      const open = await this.m.Request.findOne({ openKey: request.menteeId }).lean<WithId<RequestRecord>>();
      return open ? this.toRequest(open) : undefined;
    };
    const { record, created } = await insertOrFind(this.m.Request.collection, this.sealer.seal(request, SEALED.request), findOpen, { openKey: request.menteeId });
    return { request: created ? request : record, created };
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
