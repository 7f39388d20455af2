import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { createFieldCipher } from '../../server/privacy/field-cipher.js';
import { describePrivacyContract } from './privacy.contract.js';
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
  describePrivacyContract(`mongodb${replicaSet ? ' (replica set)' : ''}`, () => openMongoStore(mongo.uri(uniqueDb('privacy'))));
}

// And once more with bodies and notes encrypted at rest: everything reads back as it was written.
{
  let mongo: TestMongo;
  beforeAll(async () => {
    mongo = await startMongo();
  });
  afterAll(() => mongo.close());
  const cipher = createFieldCipher([{ id: 'test', key: randomBytes(32) }]);
  const open = (name: string) => () => openMongoStore(mongo.uri(uniqueDb(name)), undefined, cipher);
  describeStoreContract('mongodb, encrypted at rest', open('contract_enc'));
  describeModerationContract('mongodb, encrypted at rest', open('moderation_enc'));
  describeEscalationContract('mongodb, encrypted at rest', open('escalation_enc'));
  describeMatchingContract('mongodb, encrypted at rest', open('matching_enc'));
  describePrivacyContract('mongodb, encrypted at rest', open('privacy_enc'));
}
