import { AppError, ErrorCode } from '../../shared/errors.js';
import type { CommandPayload, CommandResults } from '../../shared/commands.js';
import { encodeMentorshipCursor, type AssignMentorship, type HttpResults, type MentorshipsQuery } from '../../shared/http.js';
import type { ConversationSummary, Mentorship } from '../../shared/models.js';
import type { Identity } from '../auth/identity.js';
import { requireRole, requireStaff } from '../auth/roles.js';
import type { Clock } from '../core/clock.js';
import { newId } from '../core/ids.js';
import type { Notifier } from '../core/notifier.js';
import type { ConversationService } from '../conversations/conversation.service.js';
import type { Store } from '../store/store.js';
import { validationError, type ValidationIssue } from '../core/validation.js';

export interface MentorshipServiceDeps {
  store: Store;
  conversations: ConversationService;
  notifier: Notifier;
  clock: Clock;
  /** Told after a mentorship ends: its specialist's caseload has room again. */
  onEnded: (mentorship: Mentorship) => void;
}

/** A treatment program assigns mentees to peer specialists; each mentorship has one 1:1 conversation. */
export class MentorshipService {
  constructor(private readonly deps: MentorshipServiceDeps) {}

  /** Idempotent per pair: an active mentorship for the pair is returned as it is (`created: false`). */
  async assign(actor: Identity, input: AssignMentorship): Promise<{ mentorship: Mentorship; conversation: ConversationSummary; created: boolean }> {
    requireStaff(actor, 'assign mentorships');
    await this.checkKnownRoles(input);
    return this.create(input, actor.userId);
  }

  /** Creates the mentorship and its conversation (the matching queue's path; callers check who may). */
  async create(input: AssignMentorship, viewerId: string): Promise<{ mentorship: Mentorship; conversation: ConversationSummary; created: boolean }> {
    const { store, clock, notifier } = this.deps;
    const now = new Date(clock.now()).toISOString();
    const { mentorship, created } = await store.mentorships.createIfNoneActive({
      id: newId(),
      menteeId: input.menteeId,
      specialistId: input.specialistId,
      conversationId: newId(),
      status: 'active',
      createdAt: now,
    });
    // Also on the idempotent path: completes a conversation a crashed earlier request left unmade.
    await store.conversations.create(
      { id: mentorship.conversationId, kind: 'mentorship', status: 'active', mentorshipId: mentorship.id, createdAt: mentorship.createdAt },
      [
        { conversationId: mentorship.conversationId, userId: mentorship.menteeId, role: 'mentee', lastReadSeq: 0, joinedAt: mentorship.createdAt },
        { conversationId: mentorship.conversationId, userId: mentorship.specialistId, role: 'specialist', lastReadSeq: 0, joinedAt: mentorship.createdAt },
      ],
    );
    const record = (await store.conversations.get(mentorship.conversationId))!;
    const [conversation] = await this.deps.conversations.summarize([record], viewerId);
    if (created) {
      for (const userId of [mentorship.menteeId, mentorship.specialistId]) {
        const [own] = await this.deps.conversations.summarize([record], userId);
        notifier.toUsers([userId], 'conversation:created', { conversation: own! });
      }
    }
    return { mentorship, conversation: conversation!, created };
  }

  /** The mentorship's conversation as `viewerId` sees it. */
  async summaries(mentorship: Mentorship, viewerId: string): Promise<ConversationSummary[]> {
    const record = await this.deps.store.conversations.get(mentorship.conversationId);
    return record ? this.deps.conversations.summarize([record], viewerId) : [];
  }

  /**
   * Admins: a page of active mentorships, newest first (default 50), with the names their people
   * last signed in with; `nextBefore` when older ones may exist.
   */
  async listActive(actor: Identity, query: MentorshipsQuery): Promise<HttpResults['GET /api/mentorships']> {
    requireRole(actor, 'admin', 'Only admins list mentorships');
    const limit = query.limit ?? 50;
    const mentorships = await this.deps.store.mentorships.listActive({
      limit,
      ...(query.menteeId ? { menteeId: query.menteeId } : {}),
      ...(query.specialistId ? { specialistId: query.specialistId } : {}),
      ...(query.before ? { before: query.before } : {}),
    });
    const users = await this.deps.store.users.getMany([...new Set(mentorships.flatMap((m) => [m.menteeId, m.specialistId]))]);
    const page: HttpResults['GET /api/mentorships'] = {
      mentorships: mentorships.map((m) => {
        const menteeName = users.get(m.menteeId)?.name;
        const specialistName = users.get(m.specialistId)?.name;
        return { ...m, ...(menteeName ? { menteeName } : {}), ...(specialistName ? { specialistName } : {}) };
      }),
    };
    const last = mentorships.at(-1);
    if (last && mentorships.length === limit) page.nextBefore = encodeMentorshipCursor(last);
    return page;
  }

  /** Ends any mentorship (staff, over HTTP); see endOwn for its mentee and specialist. */
  async end(actor: Identity, mentorshipId: string): Promise<Mentorship> {
    requireStaff(actor, 'end mentorships');
    return this.finish(actor, mentorshipId);
  }

  /** Its mentee or its specialist ends it (`mentorship:end`); the specialist may also block the mentee from requesting them again. */
  async endOwn(actor: Identity, input: CommandPayload<'mentorship:end'>): Promise<CommandResults['mentorship:end']> {
    const existing = await this.deps.store.mentorships.get(input.mentorshipId);
    if (existing && existing.menteeId !== actor.userId && existing.specialistId !== actor.userId) {
      throw new AppError(ErrorCode.FORBIDDEN, 'Only its mentee and its specialist can end this mentorship');
    }
    if (input.block && existing && existing.specialistId !== actor.userId) {
      throw new AppError(ErrorCode.FORBIDDEN, 'Only the specialist can block a mentee from requesting them again');
    }
    const mentorship = await this.finish(actor, input.mentorshipId);
    if (input.block) await this.deps.store.profiles.block(actor.userId, mentorship.menteeId);
    return { mentorship };
  }

  /** The conversation stays readable by both but accepts no new messages. Idempotent. */
  private async finish(actor: Identity, mentorshipId: string): Promise<Mentorship> {
    const { store, clock, notifier } = this.deps;
    const existing = await store.mentorships.get(mentorshipId);
    if (!existing) throw new AppError(ErrorCode.NOT_FOUND, 'Mentorship not found');
    if (existing.status === 'ended') return existing;
    const ended = (await store.mentorships.end(mentorshipId, new Date(clock.now()).toISOString(), actor.userId))!;
    await store.conversations.setStatus(ended.conversationId, 'closed');
    notifier.toUsers([ended.menteeId, ended.specialistId], 'conversation:updated', {
      conversationId: ended.conversationId,
      status: 'closed',
    });
    this.deps.onEnded(ended);
    return ended;
  }

  /** A user known from an earlier connection must hold the role the assignment gives them. */
  private async checkKnownRoles(input: AssignMentorship) {
    const users = await this.deps.store.users.getMany([input.menteeId, input.specialistId]);
    const mentee = users.get(input.menteeId);
    const specialist = users.get(input.specialistId);
    const issues: ValidationIssue[] = [];
    if (mentee && mentee.role !== 'mentee') issues.push({ path: 'menteeId', message: `User is known as a ${mentee.role}, not a mentee` });
    if (specialist && specialist.role !== 'specialist') {
      issues.push({ path: 'specialistId', message: `User is known as a ${specialist.role}, not a specialist` });
    }
    if (issues.length > 0) throw validationError(issues, 'The users do not hold the roles of this mentorship');
  }
}

