import { AppError, ErrorCode } from '../../shared/errors.js';
import { GROUP_CAPACITY_DEFAULT, type CommandPayload, type CommandResults } from '../../shared/commands.js';
import type { ConversationSummary, GroupListing } from '../../shared/models.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Identity } from '../auth/identity.js';
import type { Clock } from '../core/clock.js';
import { newId } from '../core/ids.js';
import type { Notifier } from '../core/notifier.js';
import { validationError } from '../core/validation.js';
import type { ConversationRecord } from '../conversations/conversation.repository.js';
import type { ConversationService } from '../conversations/conversation.service.js';
import { isStaff } from '../auth/roles.js';
import { requireModerator } from '../moderation/moderators.js';
import type { Store } from '../store/store.js';

export interface GroupServiceDeps {
  store: Store;
  conversations: ConversationService;
  notifier: Notifier;
  audit: AuditLog;
  clock: Clock;
}

/** Group rooms: created by staff and peer specialists, joined by mentees according to their visibility. */
export class GroupService {
  constructor(private readonly deps: GroupServiceDeps) {}

  async create(user: Identity, input: CommandPayload<'group:create'>): Promise<CommandResults['group:create']> {
    if (user.role === 'mentee') throw new AppError(ErrorCode.FORBIDDEN, 'Only peer specialists, clinicians and admins can create groups');
    if (input.visibility === 'program' && !user.programId) {
      throw validationError([{ path: 'visibility', message: 'A program group needs a creator who belongs to a program' }]);
    }
    const { store, audit } = this.deps;
    const now = this.now();
    const record: ConversationRecord = {
      id: newId(),
      kind: 'group',
      status: 'active',
      createdAt: now,
      createdBy: user.userId,
      contactPolicy: input.contactPolicy ?? 'hold',
      group: {
        name: input.name,
        visibility: input.visibility,
        capacity: input.capacity ?? GROUP_CAPACITY_DEFAULT,
        slowModeSec: input.slowModeSec ?? 0,
        locked: false,
        ...(input.description ? { description: input.description } : {}),
        ...(input.visibility === 'program' && user.programId ? { programId: user.programId } : {}),
      },
    };
    await store.conversations.create(record, [{ conversationId: record.id, userId: user.userId, role: 'facilitator', lastReadSeq: 0, joinedAt: now }]);
    await audit.record({ actorId: user.userId, action: 'group.created', conversationId: record.id, details: { visibility: input.visibility } });
    return { group: await this.summary(record, user.userId) };
  }

  async list(user: Identity): Promise<CommandResults['group:list']> {
    const { store } = this.deps;
    const groups = await store.conversations.listGroups();
    const visible: GroupListing[] = [];
    const counts = await store.conversations.countMembers(groups.map((g) => g.id));
    for (const group of groups) {
      const member = await store.conversations.getMember(group.id, user.userId);
      if (!member && !(await this.mayJoin(user, group))) continue;
      visible.push({
        id: group.id,
        ...group.group!,
        memberCount: counts.get(group.id) ?? 0,
        joined: member !== undefined,
        ...(member ? { role: member.role } : {}),
      });
    }
    return { groups: visible.sort((a, b) => a.name.localeCompare(b.name)) };
  }

  /** Joins the group (visibility, bans and capacity permitting); `subscribe` starts this socket's live feed. */
  async join(user: Identity, conversationId: string, subscribe: () => void): Promise<CommandResults['group:join']> {
    const { store, notifier } = this.deps;
    const group = await this.requireGroup(conversationId);
    const standing = await store.standings.get(conversationId, user.userId);
    if (standing?.banned) throw new AppError(ErrorCode.FORBIDDEN, `You were removed from this group and cannot rejoin${standing.banReason ? `: ${standing.banReason}` : ''}`);
    if (!(await store.conversations.getMember(conversationId, user.userId))) {
      if (!(await this.mayJoin(user, group))) throw new AppError(ErrorCode.FORBIDDEN, 'This group is not open to you');
      const result = await store.conversations.addMember(
        { conversationId, userId: user.userId, role: 'member', lastReadSeq: 0, joinedAt: this.now() },
        group.group!.capacity,
      );
      if (result === 'full') throw new AppError(ErrorCode.GROUP_FULL, 'This group is full');
      if (result === 'added') notifier.toConversation(conversationId, 'member:joined', { conversationId, userId: user.userId, name: user.name, role: 'member' });
    }
    return this.deps.conversations.join(user, conversationId, subscribe);
  }

  async leave(user: Identity, conversationId: string): Promise<CommandResults['group:leave']> {
    await this.requireGroup(conversationId);
    const members = await this.deps.store.conversations.listMembers(conversationId);
    const me = members.find((m) => m.userId === user.userId);
    // A group with members but no facilitator has nobody to moderate it (staff may still leave).
    if (me?.role === 'facilitator' && !isStaff(user) && members.length > 1 && members.filter((m) => m.role === 'facilitator').length === 1) {
      throw new AppError(ErrorCode.CONFLICT, 'You are the last facilitator of this group: hand the role to someone first');
    }
    if (await this.deps.store.conversations.removeMember(conversationId, user.userId)) {
      this.deps.notifier.unsubscribe(user.userId, conversationId);
      this.deps.notifier.toConversation(conversationId, 'member:left', { conversationId, userId: user.userId, reason: 'left' });
    }
    return {};
  }

  async invite(user: Identity, input: CommandPayload<'group:invite'>): Promise<CommandResults['group:invite']> {
    const group = await this.requireModerator(user, input.conversationId);
    await this.deps.store.standings.patch(input.conversationId, input.userId, { invited: true });
    await this.deps.audit.record({ actorId: user.userId, action: 'member.invited', conversationId: group.id, targetUserId: input.userId });
    return {};
  }

  async setRole(user: Identity, input: CommandPayload<'group:setRole'>): Promise<CommandResults['group:setRole']> {
    const { store, notifier, audit } = this.deps;
    await this.requireModerator(user, input.conversationId);
    const target = await store.conversations.getMember(input.conversationId, input.userId);
    if (!target) throw new AppError(ErrorCode.NOT_FOUND, 'That user is not a member of this group');
    if (input.role === 'facilitator') {
      const known = await store.users.get(input.userId);
      if (known?.role === 'mentee') throw validationError([{ path: 'role', message: 'Mentees cannot facilitate a group' }]);
    } else if (target.role === 'facilitator') {
      // Otherwise a facilitator could demote a fellow facilitator and then sanction them.
      if (input.userId !== user.userId && !isStaff(user)) throw new AppError(ErrorCode.FORBIDDEN, 'Only clinicians and admins can demote a fellow facilitator');
      const facilitators = (await store.conversations.listMembers(input.conversationId)).filter((m) => m.role === 'facilitator');
      if (facilitators.length <= 1) throw new AppError(ErrorCode.CONFLICT, 'A group keeps at least one facilitator');
    }
    if (target.role === input.role) return {};
    await store.conversations.setMemberRole(input.conversationId, input.userId, input.role);
    await audit.record({ actorId: user.userId, action: 'role.changed', conversationId: input.conversationId, targetUserId: input.userId, details: { from: target.role, to: input.role } });
    const record = (await store.conversations.get(input.conversationId))!;
    notifier.toConversation(input.conversationId, 'group:updated', { group: await this.summary(record, user.userId) });
    return {};
  }

  async update(user: Identity, input: CommandPayload<'group:update'>): Promise<CommandResults['group:update']> {
    const { store, notifier, audit } = this.deps;
    await this.requireModerator(user, input.conversationId);
    const { conversationId, contactPolicy, ...settings } = input;
    const updated = (await store.conversations.update(conversationId, { group: settings, ...(contactPolicy ? { contactPolicy } : {}) }))!;
    await audit.record({ actorId: user.userId, action: 'group.updated', conversationId, details: { ...settings, ...(contactPolicy ? { contactPolicy } : {}) } });
    const group = await this.summary(updated, user.userId);
    notifier.toConversation(conversationId, 'group:updated', { group });
    return { group };
  }

  private async mayJoin(user: Identity, group: ConversationRecord): Promise<boolean> {
    if (isStaff(user)) return true;
    const settings = group.group!;
    if (settings.visibility === 'open') return true;
    if (settings.visibility === 'program') return user.programId !== undefined && user.programId === settings.programId;
    return (await this.deps.store.standings.get(group.id, user.userId))?.invited === true;
  }

  private async requireGroup(conversationId: string): Promise<ConversationRecord> {
    const conversation = await this.deps.store.conversations.get(conversationId);
    if (!conversation || conversation.kind !== 'group') throw new AppError(ErrorCode.NOT_FOUND, 'Group not found');
    return conversation;
  }

  private async requireModerator(user: Identity, conversationId: string): Promise<ConversationRecord> {
    await this.requireGroup(conversationId);
    return requireModerator(this.deps.store, user, conversationId, 'Only this group’s facilitators, clinicians and admins can do that');
  }

  private async summary(record: ConversationRecord, viewerId: string): Promise<ConversationSummary> {
    return (await this.deps.conversations.summarize([record], viewerId))[0]!;
  }

  private now() {
    return new Date(this.deps.clock.now()).toISOString();
  }
}
