import type { SafetyExample } from '../../../shared/models.js';
import type { SafetyExampleRepository } from '../../safety/safety.repository.js';
import { copy } from './memory-helpers.js';

export class MemorySafetyExamples implements SafetyExampleRepository {
  private readonly examples: SafetyExample[] = [];
  async append(example: SafetyExample) {
    this.examples.push(copy(example));
  }
  async list() {
    return this.examples.map(copy);
  }
}
