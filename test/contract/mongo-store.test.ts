import { afterAll, beforeAll } from 'vitest';
import { describeEscalationContract, describeMatchingContract, describeModerationContract, describeStoreContract } from './store.contract.js';
import { openMongoStore, startMongo, uniqueDb, type TestMongo } from '../support/mongo.js';

// The same contract as the in-memory store, against MongoDB through mongoose: a real mongod when
// MONGODB_URI is set, otherwise the wire-protocol test server (standalone and as a replica set).
for (const replicaSet of [undefined, 'rs0']) {
  let mongo: TestMongo;
  beforeAll(async () => {
    mongo = await startMongo(replicaSet ? { replicaSet } : {});
  });
  afterAll(() => mongo.close());
  describeStoreContract(`mongodb${replicaSet ? ' (replica set)' : ''}`, () => openMongoStore(mongo.uri(uniqueDb('contract'))));
  describeModerationContract(`mongodb${replicaSet ? ' (replica set)' : ''}`, () => openMongoStore(mongo.uri(uniqueDb('moderation'))));
  describeEscalationContract(`mongodb${replicaSet ? ' (replica set)' : ''}`, () => openMongoStore(mongo.uri(uniqueDb('escalation'))));
  describeMatchingContract(`mongodb${replicaSet ? ' (replica set)' : ''}`, () => openMongoStore(mongo.uri(uniqueDb('matching'))));
}
