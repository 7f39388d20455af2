import type { AccessLogEntry } from '../../shared/models.js';
import { isStaff } from '../auth/roles.js';
import type { Identity } from '../auth/identity.js';
import type { Clock } from '../core/clock.js';
import { sortableIds } from '../core/ids.js';
import type { EscalationRecord } from '../escalation/escalation.repository.js';
import type { Store } from '../store/store.js';

/** The same reader reading the same person's same data again within this window is one access. */
const REPEAT_WINDOW_MS = 10 * 60_000;
const MAX_REMEMBERED = 10_000;

/**
 * NEN 7513: every read of a client's data by someone who is not a participant in their care —
 * clinicians and admins reading a conversation's history (a warm handoff included), escalations
 * with their excerpt, a conversation's audit trail, an export — is written to an append-only log:
 * who, when, whose data, which data and why. The people in a conversation reading it are not
 * logged. Clients are the mentees of the conversation.
 */
export class AccessRecorder {
  private readonly recent = new Map<string, number>();
  /** Ids sort like time: the log pages newest first by id. */
  private readonly nextId = sortableIds();

  constructor(private readonly deps: { store: Store; clock: Clock }) {}

  /** Staff read a conversation's history or audit trail. */
  async conversationRead(actor: Identity, conversationId: string, data: 'history' | 'audit', escalationId?: string): Promise<void> {
    if (!isStaff(actor)) return;
    const { store } = this.deps;
    const members = await store.conversations.listMembers(conversationId);
    const clients = members.filter((m) => m.role === 'mentee' && m.userId !== actor.userId).map((m) => m.userId);
    if (clients.length === 0) return;
    const escalation = escalationId ?? (await store.escalations.findActive(conversationId))?.id;
    const reason = escalation ? `escalation ${escalation}` : data === 'audit' ? 'audit trail read by staff' : 'conversation read by staff';
    await this.record(actor, clients, { data, conversationId, reason, ...(escalation ? { escalationId: escalation } : {}) });
  }

  /** Clinicians read escalations: each with its excerpt of the client's conversation. */
  async escalationsRead(actor: Identity, escalations: ReadonlyArray<Pick<EscalationRecord, 'id' | 'conversationId' | 'subjectId'>>): Promise<void> {
    for (const e of escalations) {
      if (e.subjectId) await this.record(actor, [e.subjectId], { data: 'escalation', conversationId: e.conversationId, reason: `escalation ${e.id}`, escalationId: e.id });
    }
  }

  /** An admin exported a person's data. */
  exported(actor: Identity, subjectId: string): Promise<void> {
    return this.record(actor, [subjectId], { data: 'export', reason: 'export requested by an admin' });
  }

  private async record(actor: Identity, subjects: readonly string[], what: Pick<AccessLogEntry, 'data' | 'reason'> & Partial<Pick<AccessLogEntry, 'conversationId' | 'escalationId'>>): Promise<void> {
    const now = this.deps.clock.now();
    for (const subjectId of subjects) {
      const key = `${actor.userId}\u0000${subjectId}\u0000${what.data}\u0000${what.conversationId ?? ''}`;
      if (what.data !== 'export' && now - (this.recent.get(key) ?? -Infinity) < REPEAT_WINDOW_MS) continue;
      if (this.recent.size >= MAX_REMEMBERED) this.recent.clear();
      this.recent.set(key, now);
      await this.deps.store.accessLog.append({ id: this.nextId(now), at: new Date(now).toISOString(), actorId: actor.userId, actorRole: actor.role, subjectId, ...what });
    }
  }

}
