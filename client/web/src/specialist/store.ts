import type { ChatClient, ConversationSummary } from '../../../index.js';
import type { Availability, HeldMessage, Report, RiskFlag, SpecialistProfile, SupportRequest } from '../../../../shared/models.js';
import { api } from '../api.js';
import { getLang, t, type MessageKey } from '../i18n/index.js';
import type { Session } from '../session.js';
import { chime, unlockChime } from './chime.js';
import { Observable, useObservable } from '../observable.js';

export interface Offer {
  request: SupportRequest;
  /** ISO 8601 */
  expiresAt: string;
}

/** A sentence to show, kept as its key so it follows a change of language. */
export interface Line {
  key: MessageKey;
  vars?: Record<string, string | number>;
  error?: boolean;
}

/**
 * The specialist's own state, outliving any one screen: availability, the incoming offer, quiet risk
 * flags, held messages and reports per conversation. Fed by the socket from the moment the bar mounts.
 */
class SpecialistStore extends Observable {
  availability: Availability | undefined;
  /** null: no profile yet. */
  profile: SpecialistProfile | null | undefined;
  offer: Offer | undefined;
  /** What just happened to availability or the offer (polite). */
  line: Line | undefined;
  readonly flags = new Map<string, RiskFlag[]>();
  readonly held = new Map<string, HeldMessage[]>();
  readonly reports = new Map<string, Report[]>();
  /** Banned from a room during this session, so the ban can be undone here. */
  readonly banned = new Map<string, { userId: string; name: string }[]>();
  private client: ChatClient | undefined;
  private session: Session | undefined;

  changed(): void {
    this.notify();
  }

  say(key: MessageKey, vars?: Record<string, string | number>, error = false): void {
    this.line = { key, ...(vars ? { vars } : {}), ...(error ? { error } : {}) };
    this.changed();
  }

  /** Listens to the client's events for as long as it is signed in; returns the function that stops. */
  attach(client: ChatClient, session: Session): () => void {
    this.reset();
    this.client = client;
    this.session = session;
    const offs = [
      client.on('supportOffered', (e) => {
        this.offer = e;
        this.line = { key: 'sp.bar.offerArrived', vars: { topic: e.request.topic } };
        chime();
        this.changed();
      }),
      client.on('supportOfferWithdrawn', (e) => {
        if (this.offer?.request.id !== e.requestId) return;
        this.offer = undefined;
        this.say(e.reason === 'expired' ? 'sp.bar.offerExpired' : 'sp.bar.offerWithdrawn');
      }),
      client.on('availabilityChanged', (e) => {
        this.availability = e.status;
        // Right after an offer ran out: one sentence saying both.
        this.say(this.line?.key === 'sp.bar.offerExpired' ? 'sp.bar.expiredNow' : 'sp.bar.changedByServer', { status: e.status });
      }),
      client.on('riskFlagged', (e) => {
        const list = this.flags.get(e.conversationId) ?? [];
        this.flags.set(e.conversationId, [...list.filter((f) => f.messageId !== e.messageId), { messageId: e.messageId, level: e.level, categories: e.categories, at: new Date().toISOString() }]);
        this.changed();
      }),
      client.on('reviewRequested', (held) => {
        const list = this.held.get(held.conversationId) ?? [];
        if (!list.some((h) => h.id === held.id)) this.held.set(held.conversationId, [...list, held]);
        this.changed();
      }),
      client.on('reportCreated', (report) => {
        const list = this.reports.get(report.conversationId) ?? [];
        if (!list.some((r) => r.id === report.id)) this.reports.set(report.conversationId, [...list, report]);
        this.changed();
      }),
      client.on('connected', () => void this.loadProfile()),
    ];
    const unlock = () => unlockChime();
    addEventListener('pointerdown', unlock, { once: true });
    addEventListener('keydown', unlock, { once: true });
    void this.loadProfile();
    return () => {
      for (const off of offs) off();
      removeEventListener('pointerdown', unlock);
      removeEventListener('keydown', unlock);
      this.reset();
    };
  }

  async loadProfile(): Promise<void> {
    if (!this.session) return;
    try {
      const { specialists } = await api('GET /api/specialists', { token: this.session.token });
      this.profile = specialists.find((p) => p.userId === this.session?.userId) ?? null;
      this.availability = this.profile?.availability ?? 'offline';
      this.changed();
    } catch {
      // Shown as unknown; setting it again works.
    }
  }

  setProfile(profile: SpecialistProfile): void {
    this.profile = profile;
    this.availability = profile.availability;
    this.changed();
  }

  /** Declares availability; without a profile yet, starts one from the name first (completed on Profile). */
  async setAvailability(status: Availability): Promise<void> {
    const client = this.client;
    if (!client || !this.session) return;
    const previous = this.availability;
    this.availability = status;
    this.changed();
    try {
      try {
        await client.request('availability:set', { status });
      } catch (err) {
        if ((err as { code?: string }).code !== 'NOT_FOUND') throw err;
        await this.startProfile();
        await client.request('availability:set', { status });
      }
      if (status !== 'available') this.offer = undefined;
      this.say(`sp.bar.now.${status}`);
    } catch (err) {
      this.availability = previous;
      this.line = { key: 'sp.bar.notChanged', error: true };
      this.changed();
      throw err;
    }
  }

  private async startProfile(): Promise<void> {
    const session = this.session!;
    const { profile } = await api('PUT /api/specialists/me', {
      token: session.token,
      body: {
        displayName: session.name,
        bio: t('sp.profile.starterBio'),
        specialties: ['general'],
        languages: [getLang()],
        certified: false,
        engagement: 'volunteer',
        maxActiveMentees: 5,
      },
    });
    this.profile = profile;
    this.line = { key: 'sp.bar.profileStarted' };
  }

  /** Accepts (resolving with the new conversation) or declines the offer on screen. */
  async answer(accept: boolean): Promise<ConversationSummary | undefined> {
    const offer = this.offer;
    if (!offer || !this.client) return undefined;
    try {
      if (!accept) {
        await this.client.request('support:decline', { requestId: offer.request.id });
        this.offer = undefined;
        this.say('sp.bar.declined');
        return undefined;
      }
      const { conversation } = await this.client.request('support:accept', { requestId: offer.request.id });
      this.offer = undefined;
      this.say('sp.bar.accepted', { name: offer.request.menteeName });
      return conversation;
    } catch (err) {
      const code = (err as { code?: string }).code;
      // Gone (taken back, run out): nothing left to answer. Anything else: try again.
      if (code === 'ALREADY_CLAIMED' || code === 'NOT_FOUND') this.offer = undefined;
      this.say(code === 'ALREADY_CLAIMED' || code === 'NOT_FOUND' ? 'sp.bar.gone' : 'sp.bar.answerFailed', undefined, true);
      return undefined;
    }
  }

  private reset(): void {
    this.client = undefined;
    this.session = undefined;
    this.availability = undefined;
    this.profile = undefined;
    this.offer = undefined;
    this.line = undefined;
    this.flags.clear();
    this.held.clear();
    this.reports.clear();
    this.banned.clear();
  }
}

export const specialist = new SpecialistStore();

/** The specialist's state, re-rendering the component on every change. */
export function useSpecialist(): SpecialistStore {
  return useObservable(specialist);
}
