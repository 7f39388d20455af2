import type { SafetyExample } from '../../../shared/models.js';
import type { SafetyExampleRepository } from '../../safety/safety.repository.js';
import { toRecord, type WithId } from './mongo-helpers.js';
import { SEALED, Sealer } from '../../privacy/sealed-fields.js';
import type { Models } from './mongo-models.js';

export class MongoSafetyExamples implements SafetyExampleRepository {
  constructor(
    private readonly m: Models,
    private readonly sealer: Sealer = new Sealer(),
  ) {}
  async append(example: SafetyExample) {
    const { id, ...fields } = example;
    await this.m.SafetyExample.collection.insertOne({ _id: id, ...this.sealer.seal(fields, SEALED.safetyExample) } as never);
  }
  async list() {
    const docs = await this.m.SafetyExample.find({}).sort({ createdAt: 1, _id: 1 }).lean<WithId<SafetyExample>[]>();
    return docs.map((d) => this.sealer.open(toRecord<SafetyExample>(d), SEALED.safetyExample));
  }
}
