import type { AuditQuery } from '../../shared/http.js';
import type { AuditEntry } from '../../shared/models.js';
import type { Identity } from '../auth/identity.js';
import { requireStaff } from '../auth/roles.js';
import type { Clock } from '../core/clock.js';
import { randomBytes } from 'node:crypto';
import type { AuditRepository } from '../moderation/moderation.repository.js';

export type AuditRecord = Omit<AuditEntry, 'id' | 'at'>;

/** Appends who did what to whom, when and why. Never message bodies. */
export class AuditLog {
  private counter = 0;

  /** `observe` sees every entry as it is written (the metrics count from it). */
  constructor(private readonly deps: { repository: AuditRepository; clock: Clock; observe?: (entry: AuditRecord) => void }) {}

  record(entry: AuditRecord): Promise<void> {
    const now = this.deps.clock.now();
    this.deps.observe?.(entry);
    return this.deps.repository.append({ id: this.sortableId(now), at: new Date(now).toISOString(), ...entry });
  }

  /** Sorts like time (then like this process's order of writing), so the log reads in order. */
  private sortableId(now: number): string {
    this.counter = (this.counter + 1) % 36 ** 4;
    return `${now.toString(36).padStart(9, '0')}${this.counter.toString(36).padStart(4, '0')}${randomBytes(4).toString('hex')}`;
  }

  /** The log, newest last, for clinicians and admins. */
  read(user: Identity, filter: AuditQuery): Promise<AuditEntry[]> {
    requireStaff(user, 'read the audit log');
    return this.deps.repository.list({ limit: 1000, ...filter });
  }
}
