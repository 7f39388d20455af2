import type { SafetyExample } from '../../../shared/models.js';
import type { SafetyExampleRepository } from '../../safety/safety.repository.js';
import { toRecord, type WithId } from './mongo-helpers.js';
import type { Models } from './mongo-models.js';

export class MongoSafetyExamples implements SafetyExampleRepository {
  constructor(private readonly m: Models) {}
  async append(example: SafetyExample) {
    const { id, ...fields } = example;
    await this.m.SafetyExample.collection.insertOne({ _id: id, ...fields } as never);
  }
  async list() {
    const docs = await this.m.SafetyExample.find({}).sort({ createdAt: 1, _id: 1 }).lean<WithId<SafetyExample>[]>();
    return docs.map((d) => toRecord<SafetyExample>(d));
  }
}
