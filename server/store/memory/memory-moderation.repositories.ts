import type { AuditEntry, HeldMessage, Report } from '../../../shared/models.js';
import type { AuditFilter, AuditRepository, HeldMessageRepository, ReportRecord, ReportRepository, Standing, StandingFields, StandingRepository } from '../../moderation/moderation.repository.js';
import { copy, pairKey } from './memory-helpers.js';

// Standings, reports, held messages and the audit log in this process's memory.
export class MemoryStandings implements StandingRepository {
  /** Read by MemoryPersonalData (export). */
  readonly standings = new Map<string, Standing>();

  async get(conversationId: string, userId: string) {
    const standing = this.standings.get(pairKey(conversationId, userId));
    return standing && copy(standing);
  }
  async patch(conversationId: string, userId: string, set: StandingFields, unset: ReadonlyArray<keyof StandingFields> = []) {
    const key = pairKey(conversationId, userId);
    const standing = this.standings.get(key) ?? { conversationId, userId };
    Object.assign(standing, set);
    for (const field of unset) delete standing[field];
    this.standings.set(key, standing);
  }
}

export class MemoryReports implements ReportRepository {
  private readonly reports = new Map<string, ReportRecord>();

  async createIfAbsent(report: ReportRecord) {
    for (const existing of this.reports.values()) {
      if (existing.reporterId === report.reporterId && existing.messageId === report.messageId) {
        return { report: copy(existing), created: false };
      }
    }
    this.reports.set(report.id, copy(report));
    return { report: copy(report), created: true };
  }
  async get(id: string) {
    const report = this.reports.get(id);
    return report && copy(report);
  }
  async list(conversationId: string, status?: Report['status']) {
    return [...this.reports.values()]
      .filter((r) => r.conversationId === conversationId && (!status || r.status === status))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .map(copy);
  }
  async resolve(id: string, resolution: Parameters<ReportRepository['resolve']>[1]) {
    const report = this.reports.get(id);
    if (!report) return undefined;
    if (report.status === 'open') Object.assign(report, { status: 'resolved' }, resolution);
    return copy(report);
  }
}

export class MemoryHeld implements HeldMessageRepository {
  /** Changed by MemoryPersonalData (erasure). */
  readonly held = new Map<string, HeldMessage>();
  private readonly byClientId = new Map<string, HeldMessage>();

  async createIfAbsent(held: HeldMessage) {
    const existing = await this.findByClientId(held.senderId, held.clientMessageId);
    if (existing) return { held: existing, created: false };
    const stored = copy(held);
    this.held.set(held.id, stored);
    this.byClientId.set(pairKey(held.senderId, held.clientMessageId), stored);
    return { held: copy(held), created: true };
  }
  async get(id: string) {
    const held = this.held.get(id);
    return held && copy(held);
  }
  async findByClientId(senderId: string, clientMessageId: string) {
    const held = this.byClientId.get(pairKey(senderId, clientMessageId));
    return held && copy(held);
  }
  async decide(id: string, decision: Parameters<HeldMessageRepository['decide']>[1]) {
    const held = this.held.get(id);
    if (!held) return undefined;
    if (held.status === 'held') Object.assign(held, decision);
    return copy(held);
  }
  async linkMessage(id: string, messageId: string) {
    const held = this.held.get(id);
    if (held) held.messageId = messageId;
  }
  async listWaiting(conversationId: string) {
    return [...this.held.values()]
      .filter((h) => h.conversationId === conversationId && h.status === 'held')
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .map(copy);
  }
}

export class MemoryAudit implements AuditRepository {
  private readonly entries: AuditEntry[] = [];

  async append(entry: AuditEntry) {
    this.entries.push(copy(entry));
  }
  async list(filter: AuditFilter) {
    return this.entries
      .filter(
        (e) =>
          (!filter.conversationId || e.conversationId === filter.conversationId) &&
          (!filter.before || e.id < filter.before) &&
          (!filter.action || e.action === filter.action) &&
          (!filter.actorId || e.actorId === filter.actorId) &&
          (!filter.from || e.at >= filter.from) &&
          (!filter.to || e.at <= filter.to),
      )
      .slice(-filter.limit)
      .map(copy);
  }
}
