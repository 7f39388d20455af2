import type { AuditQuery, HttpResults } from '../../shared/http.js';
import type { AuditEntry } from '../../shared/models.js';
import type { Identity } from '../auth/identity.js';
import { requireStaff } from '../auth/roles.js';
import type { Clock } from '../core/clock.js';
import type { AuditRepository } from '../moderation/moderation.repository.js';
import { sortableIds } from '../core/ids.js';

export type AuditRecord = Omit<AuditEntry, 'id' | 'at'>;

/** Appends who did what to whom, when and why. Never message bodies. */
export class AuditLog {
  /** Ids sort like time (then like this process's order of writing), so the log reads in order. */
  private readonly nextId = sortableIds();

  /** `observe` sees every entry as it is written (the metrics count from it). */
  constructor(private readonly deps: { repository: AuditRepository; clock: Clock; observe?: (entry: AuditRecord) => void }) {}

  record(entry: AuditRecord): Promise<void> {
    const now = this.deps.clock.now();
    this.deps.observe?.(entry);
    return this.deps.repository.append({ id: this.nextId(now), at: new Date(now).toISOString(), ...entry });
  }


  /**
   * A page of the log, oldest first, for clinicians and admins: the newest `limit` (default 200)
   * entries that match, older than `before`. A run of repeated attaches to one escalation (a flood
   * of signals) shows as its first entry with `details.repeated`, so it cannot bury everything else.
   */
  async read(user: Identity, query: AuditQuery): Promise<HttpResults['GET /api/audit']> {
    requireStaff(user, 'read the audit log');
    const limit = query.limit ?? 200;
    const entries = await this.deps.repository.list({ ...query, limit });
    const page: HttpResults['GET /api/audit'] = { entries: collapseRepeats(entries) };
    if (entries.length === limit) page.nextBefore = entries[0]!.id;
    return page;
  }
}

/** Consecutive `escalation.attached` entries of one escalation become one, counting the others. */
function collapseRepeats(entries: readonly AuditEntry[]): AuditEntry[] {
  const out: AuditEntry[] = [];
  for (const entry of entries) {
    const last = out.at(-1);
    const same = last && last.action === 'escalation.attached' && entry.action === 'escalation.attached' && last.details?.escalationId === entry.details?.escalationId;
    if (same) last.details = { ...last.details, repeated: Number(last.details?.repeated ?? 0) + 1 };
    else out.push({ ...entry });
  }
  return out;
}
