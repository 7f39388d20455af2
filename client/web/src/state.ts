import { ChatClient, createClient, type ConversationSummary, type CrisisResource, type Message } from '../../index.js';
import { api } from './api.js';
import { getLang, t } from './i18n/index.js';
import { clearSession, saveSession, type Session } from './session.js';
import { Observable, useObservable } from './observable.js';

export type Connection = 'connecting' | 'online' | 'reconnecting';

export interface ConversationView {
  summary: ConversationSummary;
  messages: Message[];
  /** Older history exists above the first loaded message. */
  hasOlder: boolean;
  historyLoaded: boolean;
  typing: Set<string>;
  /** Per participant: the highest seq they have read. */
  readBy: Map<string, number>;
  /** Notices for this conversation only (held messages and their outcome). */
  notices: string[];
}

/**
 * The app's state: who is signed in, the live connection (the typed SDK, the one way the app
 * talks to the socket), conversations and their messages, and the crisis resources panel. Screens
 * read it through `useAppState()` and change it only through its methods. Role screens keep
 * their own state beside it and listen to `client` themselves.
 */
export class AppState extends Observable {
  session: Session | undefined;
  client: ChatClient | undefined;
  connection: Connection = 'connecting';
  conversations = new Map<string, ConversationView>();
  /** The crisis panel: set when `safety:resources` arrives (or "Help now" is pressed), cleared only by the person. */
  resources: CrisisResource[] | undefined;
  /** Why the person was sent back to sign-in (an expired session). */
  signInNotice: string | undefined;
  changed(): void {
    this.notify();
  }

  async signIn(session: Session): Promise<void> {
    this.signOut();
    this.session = session;
    this.signInNotice = undefined;
    saveSession(session);
    // The latest token on every (re)connect: the provider's silent renewal replaces it (renewToken).
    const client = createClient({ url: location.origin, token: () => this.session?.token ?? session.token });
    this.client = client;
    this.connection = 'connecting';
    this.listen(client);
    this.changed();
    await client.connect();
  }

  signOut(notice?: string): void {
    this.client?.close();
    this.client = undefined;
    this.session = undefined;
    this.conversations.clear();
    this.resources = undefined;
    this.signInNotice = notice;
    clearSession();
    this.changed();
  }

  /** A renewed token for the same person (the provider's silent renewal): the socket uses it from its next connect. */
  renewToken(session: Session): void {
    if (!this.session || session.userId !== this.session.userId) return;
    this.session = session;
    saveSession(session);
    this.changed();
  }

  conversation(id: string): ConversationView | undefined {
    return this.conversations.get(id);
  }

  /** Unread messages from others: everything after the own read marker that someone else wrote. */
  unread(view: ConversationView): number {
    const me = this.session?.userId;
    const lastRead = view.summary.lastReadSeq;
    const loaded = view.messages.filter((m) => m.seq > lastRead);
    const firstLoaded = view.messages[0]?.seq ?? view.summary.lastSeq + 1;
    // Messages not loaded yet (before the first loaded one) count as unread too.
    const unloaded = Math.max(0, Math.min(firstLoaded - 1, view.summary.lastSeq) - lastRead);
    return unloaded + loaded.filter((m) => m.senderId !== me).length;
  }

  /** Loads the latest page of history the first time a conversation is opened, or the page above on request. */
  async loadHistory(conversationId: string, older = false): Promise<void> {
    const view = this.conversations.get(conversationId);
    if (!this.client || !view || (!older && view.historyLoaded)) return;
    const beforeSeq = older ? view.messages[0]?.seq : view.messages[0]?.seq ?? view.summary.lastSeq + 1;
    const page = await this.client.history(conversationId, { ...(beforeSeq ? { beforeSeq } : {}), limit: 50 });
    const known = new Set(view.messages.map((m) => m.seq));
    view.messages = [...page.messages.filter((m) => !known.has(m.seq)), ...view.messages].sort((a, b) => a.seq - b.seq);
    view.hasOlder = page.hasMore;
    view.historyLoaded = true;
    this.changed();
  }

  /** Marks everything shown as read (only while the conversation is on screen). */
  async markRead(conversationId: string): Promise<void> {
    const view = this.conversations.get(conversationId);
    const last = view?.messages.at(-1)?.seq ?? view?.summary.lastSeq ?? 0;
    if (!this.client || !view || last <= view.summary.lastReadSeq) return;
    view.summary = { ...view.summary, lastReadSeq: last };
    this.changed();
    await this.client.markRead(conversationId, last).catch(() => {});
  }

  /** Adds or refreshes a conversation and subscribes to its live messages. */
  async track(summary: ConversationSummary): Promise<void> {
    const existing = this.conversations.get(summary.id);
    if (existing) existing.summary = { ...existing.summary, ...summary };
    else {
      this.conversations.set(summary.id, {
        summary,
        messages: [],
        hasOlder: summary.lastSeq > 0,
        historyLoaded: false,
        typing: new Set(),
        readBy: new Map(),
        notices: [],
      });
    }
    this.changed();
    if (summary.status === 'active' && this.client) await this.client.join(summary.id, { afterSeq: summary.lastSeq }).catch(() => {});
  }

  /** "Help now": the crisis lines for the current language, whether or not a risk was detected. */
  async showResources(): Promise<void> {
    const { resources } = await api('GET /api/crisis-resources', { query: { lang: getLang() } });
    this.resources = resources;
    this.changed();
  }

  hideResources(): void {
    this.resources = undefined;
    this.changed();
  }

  private listen(client: ChatClient): void {
    client.on('connected', () => {
      this.connection = 'online';
      this.changed();
      void this.refreshConversations();
    });
    client.on('disconnected', () => {
      this.connection = 'reconnecting';
      this.changed();
    });
    client.on('sessionExpired', () => {
      // The connection's token ended, but a renewed one is here: connect again with it once the server has closed this one.
      if (this.session && this.session.expiresAt > Date.now() + 5_000) {
        client.socket.once('disconnect', () => {
          if (this.client === client) void client.connect().catch(() => this.signOut('expired'));
        });
        return;
      }
      this.signOut('expired');
    });
    client.on('message', (message) => {
      const view = this.conversations.get(message.conversationId);
      if (!view) return;
      if (!view.messages.some((m) => m.seq === message.seq)) view.messages = [...view.messages, message].sort((a, b) => a.seq - b.seq);
      view.summary = { ...view.summary, lastSeq: Math.max(view.summary.lastSeq, message.seq) };
      view.typing.delete(message.senderId);
      if (message.senderId === this.session?.userId) view.summary.lastReadSeq = Math.max(view.summary.lastReadSeq, message.seq);
      this.changed();
    });
    client.on('typing', (e) => {
      const view = this.conversations.get(e.conversationId);
      if (!view || e.userId === this.session?.userId) return;
      if (e.typing) view.typing.add(e.userId);
      else view.typing.delete(e.userId);
      this.changed();
    });
    client.on('read', (e) => {
      const view = this.conversations.get(e.conversationId);
      if (!view) return;
      view.readBy.set(e.userId, e.seq);
      this.changed();
    });
    client.on('presence', (e) => {
      // Someone connecting for the first time brings their display name: fetch it.
      const unnamed = [...this.conversations.values()].some((v) => v.summary.participants.some((p) => p.userId === e.userId && !p.name));
      if (unnamed && e.online) void this.refreshConversations();
      for (const view of this.conversations.values()) {
        if (!view.summary.participants.some((p) => p.userId === e.userId)) continue;
        view.summary = { ...view.summary, participants: view.summary.participants.map((p) => (p.userId === e.userId ? { ...p, online: e.online } : p)) };
      }
      this.changed();
    });
    client.on('conversationCreated', (summary) => void this.track(summary));
    client.on('conversationUpdated', (e) => {
      const view = this.conversations.get(e.conversationId);
      if (!view) return void this.refreshConversations();
      view.summary = { ...view.summary, status: e.status };
      this.changed();
    });
    client.on('groupUpdated', (group) => void this.track(group));
    client.on('memberJoined', () => void this.refreshConversations());
    client.on('memberLeft', (e) => {
      if (e.userId === this.session?.userId) this.conversations.delete(e.conversationId);
      void this.refreshConversations();
    });
    client.on('messageRedacted', (e) => {
      const view = this.conversations.get(e.conversationId);
      if (!view) return;
      // Members see it without its body from now on (staff may read it in the history).
      view.messages = view.messages.map((m) => (m.id === e.messageId ? { ...m, body: '', redaction: { at: new Date().toISOString() } } : m));
      this.changed();
    });
    // The sender of a held message hears what the review decided; the notice replaces "waiting".
    client.on('reviewDecided', (e) => {
      const view = this.conversations.get(e.conversationId);
      if (!view) return;
      view.notices = [t(e.decision === 'approve' ? 'chat.heldApproved' : 'chat.heldRejectedPlain')];
      this.changed();
    });
    client.on('safetyResources', (e) => {
      this.resources = e.resources;
      this.changed();
    });
    client.on('supportMatched', (e) => void this.track(e.conversation));
  }

  private async refreshConversations(): Promise<void> {
    if (!this.client) return;
    const { conversations } = await this.client.listConversations().catch(() => ({ conversations: [] as ConversationSummary[] }));
    for (const summary of conversations) await this.track(summary);
  }
}

export const app = new AppState();

/** The app state, re-rendering the component on every change. */
export function useAppState(): AppState {
  return useObservable(app);
}
