import { io as connect, type Socket } from 'socket.io-client';
import { createApp, type App, type AppDeps } from '../../server/app.js';
import { signToken, type TokenClaims } from '../../server/auth/tokens.js';
import { loadConfig } from '../../server/config.js';
import type { CommandName, CommandPayload, CommandResults } from '../../shared/commands.js';
import type { AckResponse, ClientToServerEvents, ServerEventName, ServerEventPayload, ServerToClientEvents } from '../../shared/events.js';
import type { Message, Role } from '../../shared/models.js';
import { ACK_TIMEOUT_MS, EVENT_TIMEOUT_MS } from './timeouts.js';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export const TEST_JWT = {
  JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-0123456789',
  JWT_ISSUER: 'https://idp.test',
  JWT_AUDIENCE: 'peer-support-test',
} as const;

export interface TestServer {
  app: App;
  url: string;
  port: number;
  token(claims: Partial<TokenClaims> & { role: Role; sub: string }, expiresInSec?: number): string;
  /** A connected socket for a user; name defaults to the sub, capitalised. */
  connectAs(who: Who, options?: { transports?: string[] }): Promise<TestSocket>;
  /** Assigns a mentorship through the HTTP API as an admin; returns the conversation id. */
  assign(menteeId: string, specialistId: string): Promise<{ conversationId: string; mentorshipId: string }>;
  http(path: string, init?: { method?: string; token?: string; body?: unknown }): Promise<{ status: number; body: any; text: string; headers: Headers }>;
  close(): Promise<void>;
}

export interface Who {
  role: Role;
  sub: string;
  name?: string;
  programId?: string;
}

/** The real server, built the way main.ts builds it, on a free port. */
export async function startServer(env: Record<string, string> = {}, deps: AppDeps = {}): Promise<TestServer> {
  const config = loadConfig({ ...TEST_JWT, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...env });
  const app = await createApp(config, deps);
  const { port } = await app.listen();
  const url = `http://127.0.0.1:${port}`;
  const sockets: TestSocket[] = [];

  const server: TestServer = {
    app,
    url,
    port,
    token: (claims, expiresInSec = 3600) =>
      signToken(app.tokenKeys, { name: capitalise(claims.sub), ...claims } as TokenClaims, expiresInSec),
    async connectAs(who, options = {}) {
      const socket = await connectSocket(url, server.token(who), options.transports);
      sockets.push(socket);
      return socket;
    },
    async assign(menteeId, specialistId) {
      const res = await server.http('/api/mentorships', {
        method: 'POST',
        token: server.token({ role: 'admin', sub: 'admin-1' }),
        body: { menteeId, specialistId },
      });
      if (res.status !== 201 && res.status !== 200) throw new Error(`assign failed: ${res.status} ${JSON.stringify(res.body)}`);
      return { conversationId: res.body.conversation.id, mentorshipId: res.body.mentorship.id };
    },
    http: (path, init = {}) => httpJson(url + path, init),
    async close() {
      for (const s of sockets) s.disconnect();
      await app.close();
    },
  };
  return server;
}

export function connectSocket(url: string, token: string | undefined, transports: string[] = ['websocket']): Promise<TestSocket> {
  const socket: TestSocket = connect(url, {
    transports,
    forceNew: true,
    reconnection: false,
    auth: token === undefined ? {} : { token },
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.disconnect();
      reject(err);
    });
  });
}

export async function httpJson(url: string, init: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...init.headers,
    },
    body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body: body as any, text, headers: res.headers };
}

/** Sends a command and resolves with its acknowledgement. */
export function call<C extends CommandName>(
  socket: TestSocket,
  command: C,
  payload: CommandPayload<C>,
  timeoutMs = ACK_TIMEOUT_MS,
): Promise<AckResponse<CommandResults[C]>> {
  const timed = socket.timeout(timeoutMs) as unknown as { emitWithAck(c: C, p: unknown): Promise<AckResponse<CommandResults[C]>> };
  return timed.emitWithAck(command, payload);
}

/** Like call, for payloads that break the contract on purpose. */
export function callRaw(socket: TestSocket, event: string, ...args: unknown[]): Promise<any> {
  return (socket.timeout(ACK_TIMEOUT_MS) as any).emitWithAck(event, ...args);
}

/** Sends a command that must succeed and returns its result. */
export async function ok<C extends CommandName>(socket: TestSocket, command: C, payload: CommandPayload<C>): Promise<CommandResults[C]> {
  const res = await call(socket, command, payload);
  if (!res.ok) throw new Error(`${command} failed: ${res.error.code} ${res.error.message}`);
  const { ok: _ok, ...result } = res;
  return result as unknown as CommandResults[C];
}

/** The message of a send that must have been delivered (not held). */
export function sentMessage(result: CommandResults['message:send'] | AckResponse<CommandResults['message:send']>): Message {
  if ('ok' in result && !result.ok) throw new Error(`send failed: ${result.error.code}`);
  const r = result as CommandResults['message:send'];
  if (r.status !== 'sent') throw new Error(`expected the message to be sent, but it was ${r.status}`);
  return r.message;
}

/** Resolves with the next `event` that satisfies `match`. */
export function waitFor<E extends ServerEventName>(
  socket: TestSocket,
  event: E,
  match: (payload: ServerEventPayload<E>) => boolean = () => true,
  timeoutMs = EVENT_TIMEOUT_MS,
): Promise<ServerEventPayload<E>> {
  return new Promise((resolve, reject) => {
    const s = socket as unknown as { on(e: string, l: (p: any) => void): void; off(e: string, l: (p: any) => void): void };
    const timer = setTimeout(() => {
      s.off(event, listener);
      reject(new Error(`timed out waiting for ${event}`));
    }, timeoutMs);
    const listener = (payload: ServerEventPayload<E>) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      s.off(event, listener);
      resolve(payload);
    };
    s.on(event, listener);
  });
}

/** Records every event a socket receives, for asserting what did NOT arrive. */
export function recordEvents(socket: TestSocket): Array<{ event: string; payload: any }> {
  const seen: Array<{ event: string; payload: any }> = [];
  socket.onAny((event, payload) => seen.push({ event, payload }));
  return seen;
}

/**
 * On one node, events for a socket leave the server before the acknowledgement of any later
 * command on that socket: after this resolves, every earlier broadcast has arrived.
 */
export async function flush(socket: TestSocket): Promise<void> {
  await call(socket, 'conversation:list', {});
}

/** Drops a user's connections the way a network failure would: clients see "transport close" and reconnect. */
export function dropConnections(server: TestServer, userId: string): number {
  let dropped = 0;
  for (const socket of server.app.io.of('/').sockets.values()) {
    if (socket.data.user.userId !== userId) continue;
    socket.conn.close();
    dropped++;
  }
  return dropped;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
