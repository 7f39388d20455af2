import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents } from '../../shared/events.js';
import type { Identity } from '../auth/identity.js';

export interface SocketData {
  user: Identity;
}

export type ChatServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type ChatSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** Room names: one per conversation (sockets that joined it) and one per user (all their sockets). */
export const rooms = {
  conversation: (conversationId: string) => `c:${conversationId}`,
  user: (userId: string) => `u:${userId}`,
  role: (role: string) => `r:${role}`,
};
