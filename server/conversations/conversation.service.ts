import { AppError, ErrorCode } from '../../shared/errors.js';
import { HISTORY_PAGE_DEFAULT, SYNC_PAGE_MAX, type CommandPayload, type CommandResults } from '../../shared/commands.js';
import type { ConversationSummary, Message } from '../../shared/models.js';
import type { Identity } from '../auth/identity.js';
import { isoAt, type Clock } from '../core/clock.js';
import { newId } from '../core/ids.js';
import type { Notifier } from '../core/notifier.js';
import type { RateLimiter } from '../core/rate-limiter.js';
import type { SlowModeGate } from '../core/slow-mode.js';
import { isStaff } from '../auth/roles.js';
import type { Standing } from '../moderation/moderation.repository.js';
import type { PresenceTracker } from '../presence/presence.tracker.js';
import type { Store } from '../store/store.js';
import type { ConversationRecord, MemberRecord } from './conversation.repository.js';
import { authored } from './message.repository.js';
import { viewMessage } from './message.view.js';
import type { ContactScreen, RiskScreen, SendResult } from './send-screens.js';
import type { AccessRecorder } from '../privacy/access-log.js';

export interface ConversationServiceDeps {
  store: Store;
  notifier: Notifier;
  presence: PresenceTracker;
  messageRateLimiter: RateLimiter;
  slowMode: SlowModeGate;
  clock: Clock;
  /** Boundary protection, before a message is stored. */
  contacts: ContactScreen;
  /** Crisis detection, before a message is acknowledged. */
  risk: RiskScreen;
  /** Staff reading a client's history is access-logged (NEN 7513). */
  access: AccessRecorder;
}

export interface Membership {
  conversation: ConversationRecord;
  member: MemberRecord;
}

/** The rules of reading and writing a conversation, whatever its kind. */
export class ConversationService {
  constructor(private readonly deps: ConversationServiceDeps) {}

  /** The conversation and the caller's membership, or FORBIDDEN / NOT_FOUND. */
  async requireMember(user: Identity, conversationId: string): Promise<Membership> {
    const { conversations } = this.deps.store;
    const [conversation, member] = await Promise.all([
      conversations.get(conversationId),
      conversations.getMember(conversationId, user.userId),
    ]);
    return membershipOf(conversation, member);
  }

  /** Like requireMember, and the conversation must still accept messages. */
  async requireWritable(user: Identity, conversationId: string): Promise<Membership> {
    return writable(await this.requireMember(user, conversationId));
  }

  /** A support conversation for a mentee alone, where a clinician can reach them (a request that signalled a crisis). */
  async createSupport(mentee: Identity, createdAt: string): Promise<ConversationRecord> {
    const { conversations } = this.deps.store;
    const id = newId();
    await conversations.create(
      { id, kind: 'support', status: 'active', createdAt, contactPolicy: 'hold' },
      [{ conversationId: id, userId: mentee.userId, role: 'mentee', lastReadSeq: 0, joinedAt: createdAt }],
    );
    return (await conversations.get(id))!;
  }

  async list(user: Identity): Promise<CommandResults['conversation:list']> {
    const records = await this.deps.store.conversations.listForUser(user.userId);
    return { conversations: await this.summarize(records, user.userId) };
  }

  /**
   * Checks membership, then `subscribe`s (the caller's live feed) before reading lastSeq, so no
   * message can fall between the returned lastSeq and the first live event.
   */
  async join(user: Identity, conversationId: string, subscribe: () => void): Promise<CommandResults['conversation:join']> {
    const { conversation } = await this.requireMember(user, conversationId);
    subscribe();
    const [summary] = await this.summarize([conversation], user.userId);
    return { conversation: summary!, lastSeq: summary!.lastSeq };
  }

  /**
   * Stores the message, then broadcasts it. In order: the conversation must accept the sender
   * (member, not ended, not locked to facilitators, not muted), the sender's rate limit and the
   * room's slow mode must allow it, and the contact policy may hold or refuse it. A retry with the
   * same clientMessageId returns the stored original and broadcasts nothing; the same id reused
   * for different content is a CONFLICT.
   */
  /** `origin`: the connection it came from, which learns of it from its acknowledgement instead of a second frame. */
  async send(user: Identity, input: CommandPayload<'message:send'>, origin?: string): Promise<SendResult> {
    const { store, notifier, messageRateLimiter, slowMode, clock, contacts, risk: screen } = this.deps;
    let membership: Membership;
    try {
      // One round: the conversation, the sender's membership and standing (a mute), as requireWritable reads them.
      const [conversation, member, standing] = await Promise.all([
        store.conversations.get(input.conversationId),
        store.conversations.getMember(input.conversationId, user.userId),
        store.standings.get(input.conversationId, user.userId),
      ]);
      membership = writable(membershipOf(conversation, member));
      this.checkMayPost(user, membership, standing);
    } catch (err) {
      // A retry of a message stored before the conversation closed (or the mute began) still gets its acknowledgement.
      const stored = await store.messages.findByClientId(user.userId, input.clientMessageId);
      if (stored && sameContent(stored, input)) return { status: 'sent', message: stored };
      throw err;
    }
    const { conversation, member } = membership;

    await messageRateLimiter.consume(user.userId);
    const slowModeSec = conversation.group?.slowModeSec ?? 0;
    if (slowModeSec > 0 && member.role !== 'facilitator' && !isStaff(user)) {
      await slowMode.pass(conversation.id, user.userId, slowModeSec);
    }
    const createdAt = isoAt(clock.now());
    // Assessed before anything is acknowledged; an escalation is stored before the ack goes out.
    const assessed = await screen.assess(user, conversation, input.body);
    const risk = assessed?.level === 'none' ? undefined : assessed;
    const findings = contacts.findings(user, conversation, input.body);
    if (findings) {
      const result = await contacts.hold(user, conversation, input, createdAt, findings);
      if (risk && result.status === 'held') await screen.onMessage(user, conversation, risk, result.held);
      return result;
    }

    const { message, created } = await store.messages.append(authored(user, conversation.id, input, createdAt), newId());
    if (!created && !sameContent(message, input)) {
      throw new AppError(ErrorCode.CONFLICT, 'This clientMessageId was already used for a different message', {
        details: { clientMessageId: input.clientMessageId },
      });
    }
    if (created) notifier.toConversation(message.conversationId, 'message:created', message, origin ? { exceptConnection: origin } : {});
    // Also on a retry: an escalation that failed to open the first time opens now (or attaches).
    if (risk) await screen.onMessage(user, conversation, risk, message);
    return { status: 'sent', message: created ? message : viewMessage(message, user) };
  }

  async history(user: Identity, input: CommandPayload<'conversation:history'>): Promise<CommandResults['conversation:history']> {
    await this.requireMember(user, input.conversationId);
    const page = await this.deps.store.messages.before(input.conversationId, input.beforeSeq, input.limit ?? HISTORY_PAGE_DEFAULT);
    await this.deps.access.conversationRead(user, input.conversationId, 'history');
    return { ...page, messages: page.messages.map((m) => viewMessage(m, user)) };
  }

  async sync(user: Identity, input: CommandPayload<'conversation:sync'>): Promise<CommandResults['conversation:sync']> {
    await this.requireMember(user, input.conversationId);
    const { messages } = this.deps.store;
    const page = await messages.after(input.conversationId, input.afterSeq, input.limit ?? SYNC_PAGE_MAX);
    await this.deps.access.conversationRead(user, input.conversationId, 'history');
    const lastSeq = (await messages.lastSeqs([input.conversationId])).get(input.conversationId) ?? 0;
    return { ...page, messages: page.messages.map((m) => viewMessage(m, user)), lastSeq };
  }

  /** Raises the caller's read marker (clamped to the last message) and tells the conversation. */
  async markRead(user: Identity, input: CommandPayload<'conversation:markRead'>): Promise<CommandResults['conversation:markRead']> {
    const { member } = await this.requireMember(user, input.conversationId);
    const { store, notifier } = this.deps;
    const lastSeq = (await store.messages.lastSeqs([input.conversationId])).get(input.conversationId) ?? 0;
    const target = Math.min(input.seq, lastSeq);
    if (target <= member.lastReadSeq) return { seq: member.lastReadSeq };
    const seq = await store.conversations.markRead(input.conversationId, user.userId, target);
    notifier.toConversation(input.conversationId, 'conversation:read', {
      conversationId: input.conversationId,
      userId: user.userId,
      seq,
    });
    return { seq };
  }

  /** Conversations as `viewerId` sees them: participants with names and presence, seq and read markers, own mute. */
  async summarize(records: readonly ConversationRecord[], viewerId: string): Promise<ConversationSummary[]> {
    const { store, presence, clock } = this.deps;
    if (records.length === 0) return [];
    const ids = records.map((r) => r.id);
    const [membersPerConversation, lastSeqs, standings] = await Promise.all([
      Promise.all(ids.map((id) => store.conversations.listMembers(id))),
      store.messages.lastSeqs(ids),
      Promise.all(ids.map((id) => store.standings.get(id, viewerId))),
    ]);
    const userIds = [...new Set(membersPerConversation.flat().map((m) => m.userId))];
    const [users, online] = await Promise.all([store.users.getMany(userIds), presence.onlineAmong(userIds)]);
    const now = clock.now();
    return records.map((record, i) => {
      const members = membersPerConversation[i]!;
      const standing = standings[i];
      const summary: ConversationSummary = {
        id: record.id,
        kind: record.kind,
        status: record.status,
        participants: members.map((m) => {
          const name = users.get(m.userId)?.name;
          return { userId: m.userId, role: m.role, online: online.has(m.userId), ...(name ? { name } : {}) };
        }),
        lastSeq: lastSeqs.get(record.id) ?? 0,
        lastReadSeq: members.find((m) => m.userId === viewerId)?.lastReadSeq ?? 0,
        createdAt: record.createdAt,
        contactPolicy: record.contactPolicy ?? 'hold',
      };
      if (record.mentorshipId) summary.mentorshipId = record.mentorshipId;
      // The quiet risk mark is for whoever looks after the mentee, never for mentees.
      const viewerRole = members.find((m) => m.userId === viewerId)?.role;
      if (record.riskFlag && viewerRole !== undefined && viewerRole !== 'mentee' && viewerRole !== 'member') summary.riskFlag = record.riskFlag;
      if (record.group) summary.group = { ...record.group, memberCount: members.length };
      if (standing?.mutedUntil && Date.parse(standing.mutedUntil) > now) {
        summary.mutedUntil = standing.mutedUntil;
        if (standing.muteReason) summary.muteReason = standing.muteReason;
      }
      return summary;
    });
  }

  /** Locked rooms take messages from facilitators only; a muted member waits until the mute ends by itself. */
  private checkMayPost(user: Identity, { conversation, member }: Membership, standing: Standing | undefined) {
    if (conversation.group?.locked && member.role !== 'facilitator' && !isStaff(user)) {
      throw new AppError(ErrorCode.FORBIDDEN, 'This room is locked: only facilitators can post right now');
    }
    if (standing?.mutedUntil && Date.parse(standing.mutedUntil) > this.deps.clock.now()) {
      throw new AppError(ErrorCode.MUTED, `You are muted in this conversation until ${standing.mutedUntil}${standing.muteReason ? `: ${standing.muteReason}` : ''}`, {
        until: standing.mutedUntil,
      });
    }
  }
}

/** The conversation and the caller's membership, or NOT_FOUND / FORBIDDEN. */
function membershipOf(conversation: ConversationRecord | undefined, member: MemberRecord | undefined): Membership {
  if (!conversation) throw new AppError(ErrorCode.NOT_FOUND, 'Conversation not found');
  if (!member) throw new AppError(ErrorCode.FORBIDDEN, 'You are not a participant of this conversation');
  return { conversation, member };
}

/** The conversation must still accept messages. */
function writable(membership: Membership): Membership {
  if (membership.conversation.status !== 'active') {
    throw new AppError(ErrorCode.FORBIDDEN, 'This conversation has ended; it can be read but accepts no new messages');
  }
  return membership;
}

const sameContent = (stored: Message, input: CommandPayload<'message:send'>) =>
  stored.conversationId === input.conversationId && stored.body === input.body;
