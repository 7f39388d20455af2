import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type { CommandName, CommandPayload, CommandResults } from '../shared/commands.js';
import { RETRYABLE_CODES, type ErrorCode, type ErrorPayload } from '../shared/errors.js';
import type {
  AckResponse,
  ClientToServerEvents,
  ConversationUpdated,
  PresenceChanged,
  ReadMarker,
  ServerToClientEvents,
  SessionExpired,
  TypingChanged,
} from '../shared/events.js';
import type { ConversationSummary, Message } from '../shared/models.js';

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

  constructor(error: ErrorPayload | { code: 'CLOSED' | 'TIMEOUT'; message: string }) {
    super(error.message);
    this.name = 'ChatClientError';
    this.code = error.code;
    if ('details' in error && error.details) this.details = error.details;
    if ('retryAfterMs' in error && error.retryAfterMs !== undefined) this.retryAfterMs = error.retryAfterMs;
  }
}

/** What the application hears. `message` fires exactly once per message, in seq order per conversation. */
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

  /** Sends one command once and waits for its acknowledgement. */
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

export type { Message, ConversationSummary } from '../shared/models.js';
export { ErrorCode } from '../shared/errors.js';
