import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type { CommandName, CommandPayload, CommandResults } from '../shared/commands.js';
import { RETRYABLE_CODES, type ErrorCode, type ErrorPayload } from '../shared/errors.js';
import type {
  AckResponse,
  ClientToServerEvents,
  ConversationUpdated,
  MemberChanged,
  MessageRedacted,
  PresenceChanged,
  ReadMarker,
  ServerEventPayload,
  ServerToClientEvents,
  SessionExpired,
  TypingChanged,
} from '../shared/events.js';
import type { ConversationSummary, Escalation, HeldMessage, Message, Report, Sanction } from '../shared/models.js';

export type ChatSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type SendResult = CommandResults['message:send'];

export interface ClientOptions {
  /** Server address, e.g. `http://localhost:3000`. */
  url: string;
  /** A token, or a function called before every (re)connection, so a fresh token can be fetched. */
  token: string | (() => string | Promise<string>);
  /** How long to wait for one acknowledgement before trying again (default 10 s). */
  ackTimeoutMs?: number;
  /** Longest pause between send retries (default 5 s). */
  maxRetryDelayMs?: number;
  /** Passed through to socket.io-client (e.g. `transports: ['websocket']`). */
  socket?: Partial<ManagerOptions & SocketOptions>;
}

/** A refused command or handshake, with the server's stable code. */
export class ChatClientError extends Error {
  readonly code: ErrorCode | 'CLOSED' | 'TIMEOUT';
  readonly details?: Record<string, unknown>;
  readonly retryAfterMs?: number;
  /** For MUTED: when the mute ends (ISO 8601). */
  readonly until?: string;

  constructor(error: ErrorPayload | { code: 'CLOSED' | 'TIMEOUT'; message: string }) {
    super(error.message);
    this.name = 'ChatClientError';
    this.code = error.code;
    if ('details' in error && error.details) this.details = error.details;
    if ('retryAfterMs' in error && error.retryAfterMs !== undefined) this.retryAfterMs = error.retryAfterMs;
    if ('until' in error && error.until !== undefined) this.until = error.until;
  }
}

/**
 * What the application hears. `message` fires exactly once per message, in seq order per conversation.
 * The others pass the server's broadcast on as it came (a lone object, such as `{ escalation }`,
 * unwrapped); answer them with {@link ChatClient.request}.
 *
 * @example
 * chat.on('escalationAlerted', async (escalation) => {
 *   await chat.request('escalation:ack', { escalationId: escalation.id });
 * });
 * await chat.request('oncall:set', { onCall: true });
 */
export interface ClientEvents {
  message: (message: Message) => void;
  typing: (event: TypingChanged) => void;
  read: (event: ReadMarker) => void;
  presence: (event: PresenceChanged) => void;
  conversationCreated: (conversation: ConversationSummary) => void;
  conversationUpdated: (event: ConversationUpdated) => void;
  /** The token expired; supply a fresh one (a token function) and call `connect()` again. */
  sessionExpired: (event: SessionExpired) => void;
  connected: () => void;
  disconnected: (reason: string) => void;

  // Groups and moderation
  /** Someone joined a conversation this user is in (a group member, or a clinician in a warm handoff). */
  memberJoined: (event: MemberChanged) => void;
  /** Someone left, was removed or was banned (`reason`). */
  memberLeft: (event: MemberChanged) => void;
  /** A group's settings or participants' roles changed. */
  groupUpdated: (group: ConversationSummary) => void;
  /** A message was redacted: show it as removed (its body is gone from members' views). */
  messageRedacted: (event: MessageRedacted) => void;
  /** A sanction against this user: a mute (with `until`), a removal or a ban, with its reason. */
  sanctionApplied: (sanction: Sanction) => void;
  /** This user's mute or ban in a conversation was lifted. */
  sanctionLifted: (event: ServerEventPayload<'sanction:lifted'>) => void;
  /** Moderators only: a message was reported. The reporter is never named. */
  reportCreated: (report: Report) => void;
  /** Moderators only: a message waits for review (answer with `moderation:review`). */
  reviewRequested: (held: HeldMessage) => void;
  /** The sender of a held message: what the review decided. */
  reviewDecided: (event: ServerEventPayload<'review:decided'>) => void;

  // Crisis escalation
  /** To a sender whose message signals a crisis: crisis lines for their locale, at once. */
  safetyResources: (event: ServerEventPayload<'safety:resources'>) => void;
  /** Specialists and facilitators: a mentee's message worth a look (quiet, never a page). */
  riskFlagged: (event: ServerEventPayload<'risk:flagged'>) => void;
  /** Clinicians of the tier now alerted: acknowledge with `escalation:ack` (one of them wins). */
  escalationAlerted: (escalation: Escalation) => void;
  /** Everyone alerted so far: the escalation was claimed, raised or resolved, so stop alerting. */
  escalationUpdated: (escalation: Escalation) => void;
  /** Online admins: no clinician of any tier could be reached. */
  escalationUnrouted: (escalation: Escalation) => void;

  // Matching
  /** Specialists: a request to answer with `support:accept` or `support:decline` before `expiresAt`. */
  supportOffered: (event: ServerEventPayload<'support:offered'>) => void;
  /** Specialists: the offer ran out or the mentee cancelled; it can no longer be accepted. */
  supportOfferWithdrawn: (event: ServerEventPayload<'support:offerWithdrawn'>) => void;
  /** Both sides, once a specialist accepts: the new mentorship and its conversation (join it). */
  supportMatched: (event: ServerEventPayload<'support:matched'>) => void;
  /** A waiting mentee: their place in the queue changed. */
  supportQueued: (event: ServerEventPayload<'support:queued'>) => void;
  /** Specialists: the server changed their availability (an offer ran out, a long disconnect). */
  availabilityChanged: (event: ServerEventPayload<'availability:changed'>) => void;
}

interface Feed {
  /** Highest seq handed to the application. */
  delivered: number;
  /** Arrived ahead of a gap; handed over once the gap is filled. */
  pending: Map<number, Message>;
  filling: boolean;
}

/**
 * Creates a client. Nothing connects until `connect()`.
 *
 * @example
 * const chat = createClient({ url: 'http://localhost:3000', token });
 * await chat.connect();
 * const [first] = (await chat.listConversations()).conversations;
 * chat.on('message', (m) => console.log(`${m.senderName}: ${m.body}`));
 * await chat.join(first.id);
 * await chat.send(first.id, 'Hello!');
 */
export function createClient(options: ClientOptions): ChatClient {
  return new ChatClient(options);
}

export class ChatClient {
  readonly socket: ChatSocket;
  private readonly feeds = new Map<string, Feed>();
  private readonly listeners = new Map<keyof ClientEvents, Set<(...args: never[]) => void>>();
  private readonly ackTimeoutMs: number;
  private readonly maxRetryDelayMs: number;
  private everConnected = false;
  private closed = false;

  constructor(options: ClientOptions) {
    this.ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 5_000;
    const token = options.token;
    this.socket = io(options.url, {
      autoConnect: false,
      ...options.socket,
      auth: (cb) => {
        Promise.resolve(typeof token === 'function' ? token() : token).then(
          (t) => cb({ token: t }),
          () => cb({}),
        );
      },
    });
    this.socket.on('connect', () => {
      if (this.everConnected) void this.resubscribe();
      this.everConnected = true;
      this.emit('connected');
    });
    this.socket.on('disconnect', (reason) => this.emit('disconnected', reason));
    this.socket.on('message:created', (m) => this.ingest(m));
    this.socket.on('typing:changed', (e) => this.emit('typing', e));
    this.socket.on('conversation:read', (e) => this.emit('read', e));
    this.socket.on('presence:changed', (e) => this.emit('presence', e));
    this.socket.on('conversation:created', (e) => this.emit('conversationCreated', e.conversation));
    this.socket.on('conversation:updated', (e) => this.emit('conversationUpdated', e));
    this.socket.on('session:expired', (e) => this.emit('sessionExpired', e));

    this.socket.on('member:joined', (e) => this.emit('memberJoined', e));
    this.socket.on('member:left', (e) => this.emit('memberLeft', e));
    this.socket.on('group:updated', (e) => this.emit('groupUpdated', e.group));
    this.socket.on('message:redacted', (e) => this.emit('messageRedacted', e));
    this.socket.on('sanction:applied', (e) => this.emit('sanctionApplied', e.sanction));
    this.socket.on('sanction:lifted', (e) => this.emit('sanctionLifted', e));
    this.socket.on('report:created', (e) => this.emit('reportCreated', e.report));
    this.socket.on('review:requested', (e) => this.emit('reviewRequested', e.held));
    this.socket.on('review:decided', (e) => this.emit('reviewDecided', e));

    this.socket.on('safety:resources', (e) => this.emit('safetyResources', e));
    this.socket.on('risk:flagged', (e) => this.emit('riskFlagged', e));
    this.socket.on('escalation:alerted', (e) => this.emit('escalationAlerted', e.escalation));
    this.socket.on('escalation:updated', (e) => this.emit('escalationUpdated', e.escalation));
    this.socket.on('escalation:unrouted', (e) => this.emit('escalationUnrouted', e.escalation));

    this.socket.on('support:offered', (e) => this.emit('supportOffered', e));
    this.socket.on('support:offerWithdrawn', (e) => this.emit('supportOfferWithdrawn', e));
    this.socket.on('support:matched', (e) => this.emit('supportMatched', e));
    this.socket.on('support:queued', (e) => this.emit('supportQueued', e));
    this.socket.on('availability:changed', (e) => this.emit('availabilityChanged', e));
  }

  /** Connects; rejects with the handshake's code (AUTH_REQUIRED, AUTH_INVALID, AUTH_EXPIRED) when refused. */
  connect(): Promise<void> {
    this.closed = false;
    if (this.socket.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onConnect = () => {
        this.socket.off('connect_error', onError);
        resolve();
      };
      const onError = (err: Error & { data?: ErrorPayload }) => {
        // Transport errors are retried by socket.io-client itself; a refusal by the server is final.
        if (this.socket.active) return;
        this.socket.off('connect', onConnect);
        this.socket.off('connect_error', onError);
        reject(new ChatClientError(err.data ?? { code: 'AUTH_INVALID', message: err.message }));
      };
      this.socket.once('connect', onConnect);
      this.socket.on('connect_error', onError);
      this.socket.connect();
    });
  }

  close(): void {
    this.closed = true;
    this.socket.disconnect();
  }

  /** Subscribes to a client event; returns the function that unsubscribes. */
  on<E extends keyof ClientEvents>(event: E, listener: ClientEvents[E]): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  /**
   * Sends any command once and resolves with its result, typed by the command's name (groups,
   * moderation, escalation, matching: every command in `shared/commands.ts`). Rejects with a
   * {@link ChatClientError} carrying the server's code, or `TIMEOUT` when no acknowledgement comes
   * within `ackTimeoutMs`. Unlike `send`, nothing is retried: the caller decides.
   *
   * @example
   * const { groups } = await chat.request('group:list', {});
   * const { escalation } = await chat.request('escalation:ack', { escalationId });
   */
  async request<C extends CommandName>(command: C, payload: CommandPayload<C>): Promise<CommandResults[C]> {
    const response = await this.emitOnce(command, payload);
    if (!response.ok) throw new ChatClientError(response.error);
    const { ok: _ok, ...result } = response;
    return result as unknown as CommandResults[C];
  }

  listConversations() {
    return this.request('conversation:list', {});
  }

  /**
   * Subscribes to a conversation's live messages. From then on, every message after `afterSeq`
   * (default: the conversation's last seq at join time) reaches `message` exactly once, in order,
   * across reconnects.
   */
  async join(conversationId: string, options: { afterSeq?: number } = {}) {
    const result = await this.request('conversation:join', { conversationId });
    if (!this.feeds.has(conversationId)) {
      this.feeds.set(conversationId, { delivered: options.afterSeq ?? result.lastSeq, pending: new Map(), filling: false });
    }
    const feed = this.feeds.get(conversationId)!;
    if (feed.delivered < result.lastSeq) void this.fill(conversationId);
    return result;
  }

  /** Stops handing this conversation's messages to the application (the socket stays subscribed). */
  forget(conversationId: string): void {
    this.feeds.delete(conversationId);
  }

  history(conversationId: string, options: { beforeSeq?: number; limit?: number } = {}) {
    return this.request('conversation:history', { conversationId, ...options });
  }

  sync(conversationId: string, afterSeq: number, limit?: number) {
    return this.request('conversation:sync', { conversationId, afterSeq, ...(limit ? { limit } : {}) });
  }

  setTyping(conversationId: string, typing: boolean) {
    return this.request('typing:set', { conversationId, typing });
  }

  markRead(conversationId: string, seq: number) {
    return this.request('conversation:markRead', { conversationId, seq });
  }

  /**
   * Sends a message and resolves once the server has stored it: `{ status: 'sent', message }`, or
   * `{ status: 'held', held, explanation }` when it waits for a moderator's review. Retries (same clientMessageId,
   * so never twice stored) through timeouts, disconnects, RATE_LIMITED and UNAVAILABLE; rejects
   * on any other refusal or when the client is closed.
   */
  async send(conversationId: string, body: string, options: { clientMessageId?: string } = {}): Promise<SendResult> {
    const clientMessageId = options.clientMessageId ?? randomId();
    const payload = { conversationId, clientMessageId, body: body.replace(/\r\n?/g, '\n') };
    for (let attempt = 0; ; attempt++) {
      if (this.closed) throw new ChatClientError({ code: 'CLOSED', message: 'The client was closed' });
      let waitMs = Math.min(this.maxRetryDelayMs, 250 * 2 ** Math.min(attempt, 8));
      try {
        await this.connected();
        const response = await this.emitOnce('message:send', payload);
        if (response.ok) {
          const { ok: _ok, ...result } = response;
          if (result.status === 'sent') this.ingest(result.message);
          return result;
        }
        if (!RETRYABLE_CODES.has(response.error.code)) throw new ChatClientError(response.error);
        waitMs = response.error.retryAfterMs ?? waitMs;
      } catch (err) {
        if (err instanceof ChatClientError && err.code !== 'TIMEOUT') throw err;
      }
      await sleep(waitMs);
    }
  }

  private async emitOnce<C extends CommandName>(command: C, payload: CommandPayload<C>): Promise<AckResponse<CommandResults[C]>> {
    try {
      const timed = this.socket.timeout(this.ackTimeoutMs) as unknown as {
        emitWithAck(event: C, payload: CommandPayload<C>): Promise<AckResponse<CommandResults[C]>>;
      };
      return await timed.emitWithAck(command, payload);
    } catch {
      throw new ChatClientError({ code: 'TIMEOUT', message: `No acknowledgement for ${command} within ${this.ackTimeoutMs} ms` });
    }
  }

  private connected(): Promise<void> {
    if (this.socket.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = setInterval(() => {
        if (this.closed) {
          clearInterval(check);
          reject(new ChatClientError({ code: 'CLOSED', message: 'The client was closed' }));
        }
      }, 200);
      this.socket.once('connect', () => {
        clearInterval(check);
        resolve();
      });
    });
  }

  /** Hands messages to the application once each, in seq order; a gap triggers a sync. */
  private ingest(message: Message) {
    const feed = this.feeds.get(message.conversationId);
    if (!feed || message.seq <= feed.delivered) return;
    feed.pending.set(message.seq, message);
    let next: Message | undefined;
    while ((next = feed.pending.get(feed.delivered + 1))) {
      feed.pending.delete(next.seq);
      feed.delivered = next.seq;
      this.emit('message', next);
    }
    if (feed.pending.size > 0) void this.fill(message.conversationId);
  }

  /** Fetches everything after the last delivered seq, page by page. */
  private async fill(conversationId: string) {
    const feed = this.feeds.get(conversationId);
    if (!feed || feed.filling) return;
    feed.filling = true;
    try {
      for (;;) {
        const page = await this.sync(conversationId, feed.delivered);
        for (const m of page.messages) this.ingest(m);
        if (!page.hasMore) break;
      }
    } catch {
      // Retried on the next gap or reconnect.
    } finally {
      feed.filling = false;
    }
  }

  private async resubscribe() {
    for (const conversationId of [...this.feeds.keys()]) {
      try {
        await this.request('conversation:join', { conversationId });
        await this.fill(conversationId);
      } catch {
        // Left for the next reconnect; the feed keeps its position.
      }
    }
  }

  private emit<E extends keyof ClientEvents>(event: E, ...args: Parameters<ClientEvents[E]>) {
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        (listener as (...a: Parameters<ClientEvents[E]>) => void)(...args);
      } catch {
        // An application listener's error must not break delivery to the others.
      }
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function randomId(): string {
  const c = globalThis.crypto;
  if (typeof c?.randomUUID === 'function') return c.randomUUID();
  const bytes = c.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export type {
  ConversationSummary,
  CrisisResource,
  Escalation,
  HeldMessage,
  Mentorship,
  Message,
  Report,
  Sanction,
  SupportRequest,
} from '../shared/models.js';
export type { CommandName, CommandPayload, CommandResults } from '../shared/commands.js';
export type { MemberChanged, MessageRedacted } from '../shared/events.js';
export { ErrorCode } from '../shared/errors.js';
