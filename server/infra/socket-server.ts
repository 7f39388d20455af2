import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { Logger } from 'pino';
import { AppError, CloseReason } from '../../shared/errors.js';
import type { TokenVerifier } from '../auth/tokens.js';
import type { Clock } from '../core/clock.js';
import type { SessionLifecycle } from '../sessions/session-lifecycle.js';
import { bindCommands, type CommandHandlers, type DispatchOptions } from './dispatch.js';
import { rooms, type ChatServer, type ChatSocket } from './socket-types.js';

export interface SocketServerOptions {
  corsOrigins: string[];
  maxMessageLength: number;
  verifier: TokenVerifier;
  clock: Clock;
  log: Logger;
  /** While true (shutdown), new handshakes are refused. */
  isDraining: () => boolean;
  /** False when the client's address has used up its handshakes for now. */
  allowHandshake: (req: IncomingMessage) => Promise<boolean>;
}

// setTimeout cannot wait longer than this; longer expiries are re-armed.
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Socket.IO with the handshake guarded: allowed origins only, a valid token or no socket at all.
 * Refusals reach the client as `connect_error` with `err.data.code`.
 */
export function createSocketServer(httpServer: HttpServer, options: SocketServerOptions): ChatServer {
  const io: ChatServer = new Server(httpServer, {
    serveClient: false,
    // The largest legal command is a message:send whose body is all 4-byte characters, plus framing.
    maxHttpBufferSize: options.maxMessageLength * 4 + 4096,
    cors: { origin: options.corsOrigins.length > 0 ? options.corsOrigins : false },
    allowRequest: (req, callback) => {
      if (options.isDraining()) return callback('Server is shutting down', false);
      if (!originAllowed(req, options.corsOrigins)) {
        options.log.info({ origin: req.headers.origin }, 'handshake refused: origin not allowed');
        return callback('Origin not allowed', false);
      }
      void options.allowHandshake(req).then((allowed) => callback(allowed ? null : 'Too many connection attempts', allowed));
    },
  });

  io.use(async (socket, next) => {
    try {
      socket.data.user = await options.verifier.verify(socket.handshake.auth?.token);
      next();
    } catch (err) {
      const refusal = new Error(err instanceof AppError ? err.message : 'Authentication failed') as Error & {
        data?: unknown;
      };
      refusal.data = err instanceof AppError ? { code: err.code, message: err.message } : { code: 'AUTH_INVALID', message: 'Authentication failed' };
      next(refusal);
    }
  });
  return io;
}

/**
 * Browsers always send Origin; it must be on the allow-list or be this server itself.
 * Clients that are not browsers send none and are judged by their token alone.
 */
function originAllowed(req: IncomingMessage, allowList: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (allowList.includes(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/** Closes the socket when its token expires, telling the client why first. */
export function disconnectAtExpiry(socket: ChatSocket, clock: Clock): () => void {
  let timer: NodeJS.Timeout;
  const arm = () => {
    const left = socket.data.user.expiresAt - clock.now();
    if (left > MAX_TIMER_MS) {
      timer = setTimeout(arm, MAX_TIMER_MS);
      return;
    }
    timer = setTimeout(() => {
      socket.emit('session:expired', { reason: CloseReason.TOKEN_EXPIRED, message: 'Your session has expired; please sign in again' });
      socket.disconnect();
    }, Math.max(0, left));
  };
  arm();
  return () => clearTimeout(timer);
}

export interface ConnectionOptions {
  handlers: CommandHandlers;
  dispatch: DispatchOptions;
  sessions: SessionLifecycle;
  clock: Clock;
  log: Logger;
}

/** Every connection: its rooms, its commands, its expiry, and the session's bookkeeping. */
export function serveConnections(io: ChatServer, options: ConnectionOptions): void {
  const { handlers, dispatch, sessions, clock, log } = options;
  io.on('connection', (socket: ChatSocket) => {
    const user = socket.data.user;
    const socketLog = log.child({ socketId: socket.id, userId: user.userId });
    socketLog.debug({ role: user.role }, 'connected');
    void socket.join([rooms.user(user.userId), rooms.role(user.role)]);
    const cancelExpiry = disconnectAtExpiry(socket, clock);
    const port = { id: socket.id, join: (room: string) => void socket.join(room), leave: (room: string) => void socket.leave(room) };
    bindCommands(socket, handlers, { user, log: socketLog, socket: port }, dispatch);
    const closed = sessions.opened(user, socket.id, socketLog);
    socket.on('disconnect', (reason) => {
      cancelExpiry();
      socketLog.debug({ reason }, 'disconnected');
      void dispatch.inFlight.track(closed());
    });
  });
}
