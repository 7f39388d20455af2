import type { SafetyExample } from '../../shared/models.js';

/** Labelled examples from clinicians and specialists, for the next training round. Append-only. */
export interface SafetyExampleRepository {
  append(example: SafetyExample): Promise<void>;
  /** Oldest first. */
  list(): Promise<SafetyExample[]>;
}
