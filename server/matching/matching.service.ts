import type { Logger } from 'pino';
import { AppError, ErrorCode } from '../../shared/errors.js';
import type { CommandPayload, CommandResults, SupportNotice } from '../../shared/commands.js';
import type { Identity } from '../auth/identity.js';
import { requireRole } from '../auth/roles.js';
import type { Clock } from '../core/clock.js';
import { newId } from '../core/ids.js';
import type { Notifier } from '../core/notifier.js';
import { Ticker } from '../core/ticker.js';
import type { ConversationService } from '../conversations/conversation.service.js';
import type { EscalationService } from '../escalation/escalation.service.js';
import { errorForLog } from '../infra/safe-error.js';
import type { MentorshipService } from '../mentorships/mentorship.service.js';
import type { CrisisResources } from '../safety/crisis-resources.js';
import type { RiskAssessor } from '../safety/risk-assessor.js';
import type { Store } from '../store/store.js';
import type { RequestRecord } from './matching.repository.js';
import type { OfferDispatcher } from './offer-dispatcher.js';
import { publicRequest } from './queue-rules.js';
import type { SpecialistService } from './specialist.service.js';

export interface MatchingServiceDeps {
  store: Store;
  notifier: Notifier;
  clock: Clock;
  log: Logger;
  dispatcher: OfferDispatcher;
  specialists: SpecialistService;
  conversations: ConversationService;
  mentorships: MentorshipService;
  escalations: EscalationService;
  assessor: RiskAssessor;
  resources: CrisisResources;
}

/**
 * The self-service path: mentees ask, the queue offers each request to one specialist at a time,
 * the specialist accepts or declines. Offers and acceptances are atomic in the store, so two
 * specialists can never both win a request, whichever nodes they are on.
 */
export class MatchingService {
  private readonly ticker = new Ticker(() => this.tickOnce());

  constructor(private readonly deps: MatchingServiceDeps) {}

  async request(user: Identity, input: CommandPayload<'support:request'>): Promise<CommandResults['support:request']> {
    requireRole(user, 'mentee', 'Only mentees ask for a peer specialist');
    const { store, clock, dispatcher } = this.deps;
    const now = clock.now();
    const assessment = input.note ? this.deps.assessor.assess(input.note) : undefined;
    const risk = assessment?.level ?? 'none';
    const record: RequestRecord = {
      id: newId(),
      menteeId: user.userId,
      menteeName: user.name,
      topic: input.topic,
      status: 'waiting',
      risk,
      createdAt: new Date(now).toISOString(),
      createdAtMs: now,
      declinedBy: [],
      ...(input.language ? { language: input.language } : {}),
      ...(input.note ? { note: input.note } : {}),
      ...(user.programId ? { programId: user.programId } : {}),
    };
    const { request, created } = await store.requests.createIfNoneOpen(record);
    if (created && assessment && (risk === 'high' || risk === 'imminent')) {
      // A crisis in the note: a conversation where a clinician can reach the mentee, and an escalation.
      await this.deps.escalations.onRequest(user, assessment, input.note!, () => this.deps.conversations.createSupport(user, request.createdAt));
    }
    await dispatcher.dispatch();
    const result: CommandResults['support:request'] = { request: publicRequest(request), ...(await dispatcher.placeOf(request.id)) };
    const notice = await this.noticeIfNobody(user);
    if (notice) result.notice = notice;
    return result;
  }

  async cancel(user: Identity, requestId: string): Promise<CommandResults['support:cancel']> {
    const cancelled = await this.deps.store.requests.cancel(requestId, user.userId);
    if (!cancelled) throw new AppError(ErrorCode.NOT_FOUND, 'No open request of yours with this id');
    if (cancelled.offeredTo) {
      await this.deps.store.profiles.release(cancelled.offeredTo, cancelled.id);
      this.deps.notifier.toUsers([cancelled.offeredTo], 'support:offerWithdrawn', { requestId, reason: 'cancelled' });
    }
    void this.deps.dispatcher.dispatch();
    return { request: publicRequest(cancelled) };
  }

  async accept(user: Identity, requestId: string): Promise<CommandResults['support:accept']> {
    const { store, clock, notifier, mentorships } = this.deps;
    const accepted = await store.requests.accept(requestId, user.userId, clock.now());
    if (!accepted) throw new AppError(ErrorCode.ALREADY_CLAIMED, 'This request is not (or no longer) offered to you');
    await store.profiles.release(user.userId, requestId);
    const { mentorship, conversation } = await mentorships.create({ menteeId: accepted.menteeId, specialistId: user.userId }, user.userId);
    await store.requests.setMentorship(requestId, mentorship.id);
    const [forMentee] = await mentorships.summaries(mentorship, accepted.menteeId);
    notifier.toUsers([accepted.menteeId], 'support:matched', { mentorship, conversation: forMentee! });
    notifier.toUsers([user.userId], 'support:matched', { mentorship, conversation });
    void this.deps.dispatcher.dispatch();
    return { mentorship, conversation };
  }

  async decline(user: Identity, requestId: string): Promise<CommandResults['support:decline']> {
    const withdrawn = await this.deps.store.requests.withdraw(requestId, user.userId, true);
    if (!withdrawn) throw new AppError(ErrorCode.NOT_FOUND, 'This request is not offered to you');
    await this.deps.store.profiles.release(user.userId, requestId);
    void this.deps.dispatcher.dispatch();
    return {};
  }

  /** Every `tickMs`, on every node: expired offers, lapsed availability, then a dispatch pass. */
  start(tickMs: number): void {
    this.ticker.start(tickMs);
  }

  async stop(): Promise<void> {
    await this.ticker.stop();
    await this.deps.dispatcher.stop();
  }

  tick(): Promise<void> {
    return this.ticker.run();
  }

  private async tickOnce() {
    try {
      await this.deps.dispatcher.expireOffers();
      await this.deps.specialists.lapseDisconnected();
    } catch (err) {
      this.deps.log.warn({ error: errorForLog(err) }, 'matching tick failed');
    }
    await this.deps.dispatcher.dispatch();
  }

  /** When no specialist is available at all: an honest message and the crisis resources. */
  private async noticeIfNobody(user: Identity): Promise<SupportNotice | undefined> {
    if (await this.deps.specialists.anyoneAvailable()) return undefined;
    return {
      message:
        'No peer specialist is available right now. Your request stays in the queue and you will hear as soon as someone can take it. ' +
        'If you need help now, these services are there for you:',
      resources: this.deps.resources.for(user.locale),
    };
  }
}
