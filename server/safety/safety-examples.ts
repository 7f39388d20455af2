import type { SafetyExample } from '../../shared/models.js';
import type { Clock } from '../core/clock.js';
import { newId } from '../core/ids.js';
import type { SafetyExampleRepository } from './safety.repository.js';

/**
 * Records what clinicians and specialists teach the detector: missed crises (flags) and false
 * alarms. Stored without user ids; the names of the people in the conversation are replaced in
 * the text, so the export can go to whoever trains the next model.
 */
export class SafetyExamples {
  constructor(private readonly deps: { repository: SafetyExampleRepository; clock: Clock }) {}

  async record(example: Omit<SafetyExample, 'id' | 'createdAt'>, names: readonly string[]): Promise<void> {
    const scrub = (text: string) => names.filter((n) => n.trim().length >= 2).reduce((t, name) => t.split(name).join('[name]'), text);
    await this.deps.repository.append({
      ...example,
      text: scrub(example.text),
      ...(example.note ? { note: scrub(example.note) } : {}),
      id: newId(),
      createdAt: new Date(this.deps.clock.now()).toISOString(),
    });
  }

  /** JSON Lines, oldest first. */
  async export(): Promise<string> {
    return (await this.deps.repository.list()).map((e) => JSON.stringify(e)).join('\n') + '\n';
  }
}
