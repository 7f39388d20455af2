import type { AccessLogQuery, HttpResults, PersonalDataExport } from '../../shared/http.js';
import { AppError, ErrorCode } from '../../shared/errors.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Identity } from '../auth/identity.js';
import type { TokenVerifier } from '../auth/tokens.js';
import { requireRole } from '../auth/roles.js';
import type { Clock } from '../core/clock.js';
import type { Store } from '../store/store.js';
import type { UserRepository } from '../users/user.repository.js';
import type { AccessRecorder } from './access-log.js';

/** What an erased person is called wherever they appeared. */
export const FORMER_MEMBER = 'Former member';
const PAGE_DEFAULT = 100;

export interface PrivacyServiceDeps {
  store: Store;
  audit: AuditLog;
  access: AccessRecorder;
  clock: Clock;
  /** Ends the person's live sessions on every node (erasure). */
  endSessions: (userId: string) => void;
}

/** The rights of the people in the chats: who read my data, my data as JSON, erasure (with a legal hold). */
export class PrivacyService {
  constructor(private readonly deps: PrivacyServiceDeps) {}

  myAccessLog(user: Identity, query: { limit?: number; before?: string }): Promise<HttpResults['GET /api/me/access-log']> {
    return this.page({ subjectId: user.userId, ...query });
  }

  accessLog(admin: Identity, query: AccessLogQuery): Promise<HttpResults['GET /api/access-log']> {
    requireRole(admin, 'admin', 'Only admins read the access log');
    const { userId, from, to, ...rest } = query;
    return this.page({
      ...rest,
      ...(userId ? { subjectId: userId } : {}),
      ...(from ? { from: new Date(from).toISOString() } : {}),
      ...(to ? { to: new Date(to).toISOString() } : {}),
    });
  }

  private async page(filter: { subjectId?: string; actorId?: string; from?: string; to?: string; before?: string; limit?: number }) {
    const limit = filter.limit ?? PAGE_DEFAULT;
    const entries = await this.deps.store.accessLog.list({ ...filter, limit: limit + 1 });
    const page = entries.slice(0, limit);
    return { entries: page, ...(entries.length > limit ? { nextBefore: page.at(-1)!.id } : {}) };
  }

  /** The caller's own data; admins may export anyone's (and that read is logged). */
  async export(actor: Identity, userId: string): Promise<PersonalDataExport> {
    if (actor.userId !== userId) {
      requireRole(actor, 'admin', "Only admins export someone else's data");
      await this.deps.access.exported(actor, userId);
    }
    const { store, clock } = this.deps;
    const [user, conversations, messages, requests, standings, accessLog] = await Promise.all([
      store.users.get(userId),
      store.conversations.listForUser(userId),
      store.personalData.messagesBy(userId),
      store.personalData.requestsOf(userId),
      store.personalData.standingsOf(userId),
      store.accessLog.list({ subjectId: userId, limit: 10_000 }),
    ]);
    const members = await Promise.all(conversations.map((c) => store.conversations.getMember(c.id, userId)));
    return {
      exportedAt: new Date(clock.now()).toISOString(),
      user: user ? { id: user.id, role: user.role, name: user.name, ...(user.programId ? { programId: user.programId } : {}), lastSeenAt: user.lastSeenAt } : { id: userId },
      memberships: conversations.map((c, i) => ({ conversationId: c.id, kind: c.kind, status: c.status, role: members[i]?.role ?? 'member', joinedAt: members[i]?.joinedAt ?? c.createdAt })),
      messages: messages.map((m) => ({ id: m.id, conversationId: m.conversationId, seq: m.seq, body: m.body, createdAt: m.createdAt, redacted: Boolean(m.redaction) })),
      supportRequests: requests.map((r) => ({ id: r.id, topic: r.topic, ...(r.language ? { language: r.language } : {}), ...(r.note ? { note: r.note } : {}), status: r.status, createdAt: r.createdAt })),
      sanctions: standings
        .filter((s) => s.mutedUntil || s.banned)
        .map((s) => ({
          conversationId: s.conversationId,
          ...(s.mutedUntil ? { mutedUntil: s.mutedUntil, ...(s.muteReason ? { muteReason: s.muteReason } : {}) } : {}),
          ...(s.banned ? { banned: true, ...(s.banReason ? { banReason: s.banReason } : {}) } : {}),
        })),
      accessLog,
    };
  }

  /**
   * Erases a person (admins): message bodies become tombstones that keep their seq, the name
   * becomes "Former member", requests, notes, profile and contact go, and their tokens no longer
   * start a session. Not while an escalation about them is open: that is a legal hold.
   */
  async erase(admin: Identity, userId: string): Promise<HttpResults['DELETE /api/users/:id']> {
    requireRole(admin, 'admin', 'Only admins erase a person');
    const { store, audit, clock } = this.deps;
    const hold = await store.escalations.findActiveForSubject(userId);
    if (hold) {
      throw new AppError(ErrorCode.CONFLICT, 'An escalation about this person is still open (a legal hold): erasure can go ahead once it is resolved', {
        details: { reason: 'legal-hold', escalationId: hold.id },
      });
    }
    const counts = await store.personalData.erase(userId, FORMER_MEMBER, new Date(clock.now()).toISOString());
    this.deps.endSessions(userId);
    // Without content: what was erased, not what it said.
    await audit.record({ actorId: admin.userId, action: 'user.erased', targetUserId: userId, details: { ...counts } });
    return { erased: { userId, ...counts } };
  }
}

/** An erased person's tokens no longer start a session or call the API, however long they live. */
export function refuseErased(verifier: TokenVerifier, users: UserRepository): TokenVerifier {
  return {
    async verify(token) {
      const identity = await verifier.verify(token);
      if ((await users.get(identity.userId))?.erasedAt) throw new AppError(ErrorCode.AUTH_INVALID, 'This account was erased');
      return identity;
    },
  };
}
