import type { AccessLogEntry, ConversationKind } from '../../../shared/models.js';
import type { AccessLogFilter, AccessLogRepository, PersonalDataRepository, RetentionRepository } from '../../privacy/privacy.repository.js';
import type { MemoryConversations, MemoryMessages, MemoryUsers } from './memory-chat.repositories.js';
import type { MemoryContacts, MemoryEscalations } from './memory-escalation.repositories.js';
import type { MemoryProfiles, MemoryRequests } from './memory-matching.repositories.js';
import type { MemoryHeld, MemoryStandings } from './memory-moderation.repositories.js';
import { copy } from './memory-helpers.js';

// The access log, and one person's records across the other in-memory repositories.
export class MemoryAccessLog implements AccessLogRepository {
  private readonly entries: AccessLogEntry[] = [];

  async append(entry: AccessLogEntry) {
    this.entries.push(copy(entry));
  }
  async list(filter: AccessLogFilter) {
    return this.entries
      .filter(
        (e) =>
          (!filter.subjectId || e.subjectId === filter.subjectId) &&
          (!filter.actorId || e.actorId === filter.actorId) &&
          (!filter.from || e.at >= filter.from) &&
          (!filter.to || e.at <= filter.to) &&
          (!filter.before || e.id < filter.before),
      )
      .sort((a, b) => (a.id < b.id ? 1 : -1))
      .slice(0, filter.limit)
      .map(copy);
  }
}

export class MemoryPersonalData implements PersonalDataRepository {
  constructor(
    private readonly r: {
      users: MemoryUsers;
      messages: MemoryMessages;
      held: MemoryHeld;
      standings: MemoryStandings;
      requests: MemoryRequests;
      profiles: MemoryProfiles;
      contacts: MemoryContacts;
    },
  ) {}

  async messagesBy(senderId: string) {
    return [...this.r.messages.byConversation.values()]
      .flat()
      .filter((m) => m.senderId === senderId)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.seq - b.seq)
      .map(copy);
  }
  async requestsOf(menteeId: string) {
    return [...this.r.requests.requests.values()].filter((r) => r.menteeId === menteeId).map(copy);
  }
  async standingsOf(userId: string) {
    return [...this.r.standings.standings.values()].filter((s) => s.userId === userId).map(copy);
  }
  async erase(userId: string, name: string, at: string) {
    let messages = 0;
    // The stored objects themselves: every index of them sees the tombstone.
    for (const list of this.r.messages.byConversation.values()) {
      for (const m of list) {
        if (m.senderId !== userId || Object.isFrozen(m)) continue;
        Object.assign(m, { body: '', senderName: name, erased: true });
        delete m.redaction;
        messages++;
      }
    }
    let held = 0;
    for (const h of this.r.held.held.values()) {
      if (h.senderId !== userId) continue;
      Object.assign(h, { body: '', senderName: name });
      held++;
    }
    let requests = 0;
    for (const [id, r] of this.r.requests.requests) {
      if (r.menteeId !== userId) continue;
      this.r.requests.requests.delete(id);
      requests++;
    }
    this.r.profiles.profiles.delete(userId);
    this.r.contacts.contacts.delete(userId);
    const user = this.r.users.users.get(userId);
    if (user) Object.assign(user, { name, erasedAt: at });
    return { messages, held, requests };
  }
}

export class MemoryRetention implements RetentionRepository {
  private lastRunAt = -Infinity;
  private leaseUntil = 0;

  constructor(
    private readonly r: {
      conversations: MemoryConversations;
      messages: MemoryMessages;
      escalations: MemoryEscalations;
    },
  ) {}

  async claimRun(now: number, _nodeId: string, everyMs: number, leaseMs: number) {
    if (now - this.lastRunAt < everyMs || this.leaseUntil > now) return false;
    this.lastRunAt = now;
    this.leaseUntil = now + leaseMs;
    return true;
  }
  async purgeMessages(kind: ConversationKind, cutoff: string, limit: number) {
    let purged = 0;
    for (const c of this.r.conversations.conversations.values()) {
      if (c.kind !== kind || purged >= limit) continue;
      purged += this.r.messages.purgeBefore(c.id, cutoff, limit - purged);
    }
    return purged;
  }
  async purgeEscalations(cutoff: string, limit: number) {
    return this.r.escalations.purgeResolvedBefore(cutoff, limit);
  }
}
