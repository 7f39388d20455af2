import type { ChatClient, Escalation } from '../../../index.js';
import { go } from '../route.js';
import { app } from '../state.js';
import { t } from '../i18n/index.js';
import { categoriesText, severityText } from './labels.js';
import { askNotificationPermission, closeEscalationNotification, showEscalationNotification } from './notify.js';
import { onToneChange, setTone, toneState, unlockAudio, type ToneState } from './tone.js';
import { Observable, useObservable } from '../observable.js';

/** What one escalation's card says after an action: who was faster, or why it failed. */
export type CardNotice = { kind: 'claimed'; name: string | undefined } | { kind: 'error'; error: unknown };

/** The one live "new alert" line (role="alert"), as it was when it came. */
export interface Announcement {
  kind: 'new' | 'unrouted';
  escalationId: string;
  severity: Escalation['severity'];
  categories: string[];
}

/** The board refreshes its list this often, for escalations alerted to others (and resolved by them). */
const REFRESH_MS = 30_000;
const isStaff = () => app.session?.role === 'clinician' || app.session?.role === 'admin';

/**
 * The clinician's (and admin's) live state, kept across screens from sign-in to sign-out: every
 * escalation they may see, whether they are on call, the alert tone, the title badge's count and
 * the new-alert line. It listens to the SDK's escalation events itself.
 */
class ClinicianStore extends Observable {
  escalations = new Map<string, Escalation>();
  /** Display names seen so far (owners), so a later update without one still names them. */
  names = new Map<string, string>();
  loaded = false;
  loadError: unknown;
  onCall = false;
  /** The on-call switch is being saved. */
  switching = false;
  switchError: unknown;
  /** Sound wanted in this tab: on call (clinicians) or switched on (admins). */
  soundOn = false;
  announcement: Announcement | undefined;
  notices = new Map<string, CardNotice>();
  /** Escalations with an action under way (buttons wait). */
  pending = new Set<string>();

  private readonly announced = new Set<string>();
  private client: ChatClient | undefined;
  private detach: Array<() => void> = [];
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor() {
    super();
    app.subscribe(() => this.follow());
    onToneChange(() => this.changed());
    // A click on one of our notifications (public/sw.js): show the board.
    navigator.serviceWorker?.addEventListener('message', (event: MessageEvent<{ type?: unknown }>) => {
      if (event.data?.type === 'open-board' && this.client) go('board');
    });
    // Loaded on first use (lazy.tsx): someone may be signed in already.
    this.follow();
  }

  private changed(): void {
    this.notify();
  }

  get tone(): ToneState {
    return toneState();
  }

  /** Open and acknowledged by nobody: what the tone and the title badge count. */
  get unacknowledged(): Escalation[] {
    return [...this.escalations.values()].filter((e) => e.status === 'open');
  }

  forConversation(conversationId: string): Escalation[] {
    return [...this.escalations.values()].filter((e) => e.conversationId === conversationId).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  ownerName(e: Escalation): string {
    if (!e.ownerId) return t('clinician.anotherClinician');
    if (e.ownerId === app.session?.userId) return t('clinician.you');
    return e.ownerName ?? this.names.get(e.ownerId) ?? t('clinician.anotherClinician');
  }

  isMine(e: Escalation): boolean {
    return Boolean(e.ownerId && e.ownerId === app.session?.userId);
  }

  /** The on-call switch. Switching on is the click that unlocks sound and asks for notifications. */
  async setOnCall(onCall: boolean): Promise<void> {
    if (!this.client || this.switching) return;
    if (onCall) {
      unlockAudio();
      askNotificationPermission(() => this.changed());
    }
    this.switching = true;
    this.switchError = undefined;
    this.changed();
    try {
      const result = await this.client.request('oncall:set', { onCall });
      this.onCall = result.onCall;
      this.soundOn = result.onCall;
      this.remember();
      // Whatever was alerted before the shift is on the board now.
      if (onCall) void this.load();
    } catch (err) {
      this.switchError = err;
    }
    this.switching = false;
    this.updateTone();
    this.changed();
  }

  /** "Turn on sound": after a reload (sound needs a click again) or for admins. */
  enableSound(on = true): void {
    if (on) {
      unlockAudio();
      askNotificationPermission(() => this.changed());
    }
    this.soundOn = on;
    this.updateTone();
    this.changed();
  }

  async acknowledge(id: string): Promise<void> {
    await this.act(id, async (client) => {
      try {
        const { escalation } = await client.request('escalation:ack', { escalationId: id });
        this.put(escalation);
      } catch (err) {
        const e = err as { code?: string; details?: { ownerId?: unknown; ownerName?: unknown } };
        if (e.code !== 'ALREADY_CLAIMED') throw err;
        const ownerId = typeof e.details?.ownerId === 'string' ? e.details.ownerId : undefined;
        const name = typeof e.details?.ownerName === 'string' ? e.details.ownerName : ownerId ? this.names.get(ownerId) : undefined;
        if (ownerId && name) this.names.set(ownerId, name);
        this.notices.set(id, { kind: 'claimed', name });
        void this.load();
      }
    });
  }

  /** Warm handoff: join the conversation as its clinician, then open the chat. */
  async join(id: string): Promise<void> {
    await this.act(id, async (client) => {
      const { escalation } = await client.request('escalation:join', { escalationId: id });
      this.put(escalation);
      const { conversation } = await client.request('conversation:join', { conversationId: escalation.conversationId });
      await app.track(conversation);
      go('c', conversation.id);
    });
  }

  async resolve(id: string, input: { outcome: string; note?: string; falseAlarm?: boolean }): Promise<boolean> {
    let done = false;
    await this.act(id, async (client) => {
      const { escalation } = await client.request('escalation:resolve', {
        escalationId: id,
        outcome: input.outcome,
        ...(input.note ? { note: input.note } : {}),
        ...(input.falseAlarm ? { falseAlarm: true } : {}),
      });
      this.put(escalation);
      done = true;
    });
    return done;
  }

  private async act(id: string, action: (client: ChatClient) => Promise<void>): Promise<void> {
    const client = this.client;
    if (!client || this.pending.has(id)) return;
    this.pending.add(id);
    this.notices.delete(id);
    this.changed();
    try {
      await action(client);
    } catch (err) {
      this.notices.set(id, { kind: 'error', error: err });
    }
    this.pending.delete(id);
    this.changed();
  }

  /** Attaches to the signed-in staff member's connection; lets go at sign-out. */
  private follow(): void {
    const client = isStaff() ? app.client : undefined;
    if (client === this.client) return;
    this.stop();
    if (!client) return;
    this.client = client;
    this.onCall = sessionStorage.getItem(this.rememberKey()) === '1';
    this.soundOn = this.onCall;
    this.detach = [
      client.on('connected', () => {
        // The server keeps the shift; saying it again after a reconnect costs nothing.
        if (this.onCall) void client.request('oncall:set', { onCall: true }).catch(() => {});
        void this.load();
      }),
      client.on('escalationAlerted', (e) => this.alerted(e, 'new')),
      client.on('escalationUnrouted', (e) => this.alerted(e, 'unrouted')),
      client.on('escalationUpdated', (e) => this.put(e)),
    ];
    this.timer = setInterval(() => void this.load(), REFRESH_MS);
    if (app.connection === 'online') void this.load();
    this.updateTone();
    this.changed();
  }

  private stop(): void {
    for (const off of this.detach) off();
    this.detach = [];
    clearInterval(this.timer);
    this.client = undefined;
    this.escalations.clear();
    this.names.clear();
    this.notices.clear();
    this.pending.clear();
    this.announcement = undefined;
    this.announced.clear();
    this.loaded = false;
    this.onCall = false;
    this.soundOn = false;
    setTone(false);
    this.changed();
  }

  private async load(): Promise<void> {
    const client = this.client;
    if (!client) return;
    try {
      const { escalations } = await client.request('escalation:list', {});
      if (client !== this.client) return;
      const seen = new Set(escalations.map((e) => e.id));
      for (const id of this.escalations.keys()) if (!seen.has(id)) this.escalations.delete(id);
      for (const e of escalations) this.put(e, false);
      this.loaded = true;
      this.loadError = undefined;
    } catch (err) {
      this.loadError = err;
    }
    this.updateTone();
    this.changed();
  }

  /** A new alert (or the chain coming round again): the line, the notification, the tone. */
  private alerted(e: Escalation, kind: Announcement['kind']): void {
    this.put(e);
    if (e.status !== 'open' && kind === 'new') {
      // Acknowledged but not resolved in time: the owner is reminded, without the alarm line.
      if (this.isMine(e)) showEscalationNotification(e.id, t('clinician.notify.title'), this.notificationBody(e));
      return;
    }
    // Announced once per escalation; the chain coming round again only notifies again.
    if (!this.announced.has(e.id)) {
      this.announced.add(e.id);
      this.announcement = { kind, escalationId: e.id, severity: e.severity, categories: [...e.categories] };
    }
    showEscalationNotification(e.id, t(kind === 'new' ? 'clinician.notify.title' : 'clinician.notify.titleUnrouted'), this.notificationBody(e));
    this.updateTone();
    this.changed();
  }

  private put(e: Escalation, notify = true): void {
    const before = this.escalations.get(e.id);
    this.escalations.set(e.id, e);
    if (e.ownerId && e.ownerName) this.names.set(e.ownerId, e.ownerName);
    if (e.status !== 'open') {
      if (before?.status === 'open') closeEscalationNotification(e.id);
      if (this.announcement?.escalationId === e.id) this.announcement = undefined;
    }
    if (notify) {
      this.updateTone();
      this.changed();
    }
  }

  private notificationBody(e: Escalation): string {
    return t('clinician.notify.body', { severity: severityText(e.severity), categories: categoriesText(e.categories) || t('clinician.category.none'), tier: e.tier });
  }

  private updateTone(): void {
    setTone(Boolean(this.client) && this.soundOn && this.unacknowledged.length > 0);
  }

  private rememberKey(): string {
    return `oncall:${app.session?.userId ?? ''}`;
  }

  private remember(): void {
    if (this.onCall) sessionStorage.setItem(this.rememberKey(), '1');
    else sessionStorage.removeItem(this.rememberKey());
  }
}

export const clinician = new ClinicianStore();

/** The clinician store, re-rendering the component on every change. */
export function useClinician(): ClinicianStore {
  return useObservable(clinician);
}
