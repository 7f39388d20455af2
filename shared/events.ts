import type { CommandName, CommandPayload, CommandResults } from './commands.js';
import type { CloseReason, ErrorPayload } from './errors.js';
import type { ConversationStatus, ConversationSummary, Message } from './models.js';

/** Every acknowledgement: the command's result, or an error with a stable code. */
export type AckResponse<R> = ({ ok: true } & R) | { ok: false; error: ErrorPayload };
export type Ack<R> = (response: AckResponse<R>) => void;

/** Commands, each `emit(name, payload, ack)`; derived from the schemas so a rename breaks both sides. */
export type ClientToServerEvents = {
  [C in CommandName]: (payload: CommandPayload<C>, ack: Ack<CommandResults[C]>) => void;
};

export interface TypingChanged {
  conversationId: string;
  userId: string;
  typing: boolean;
}

export interface ReadMarker {
  conversationId: string;
  userId: string;
  seq: number;
}

export interface PresenceChanged {
  userId: string;
  online: boolean;
}

export interface ConversationUpdated {
  conversationId: string;
  status: ConversationStatus;
}

export interface SessionExpired {
  reason: CloseReason;
  message: string;
}

/** Broadcasts, named in the past tense. */
export interface ServerToClientEvents {
  'message:created': (message: Message) => void;
  'typing:changed': (event: TypingChanged) => void;
  'conversation:read': (event: ReadMarker) => void;
  'presence:changed': (event: PresenceChanged) => void;
  /** A conversation the user now belongs to (for example a new mentorship). */
  'conversation:created': (event: { conversation: ConversationSummary }) => void;
  'conversation:updated': (event: ConversationUpdated) => void;
  /** Sent just before the server closes the socket on purpose. */
  'session:expired': (event: SessionExpired) => void;
}

export type ServerEventName = keyof ServerToClientEvents;
export type ServerEventPayload<E extends ServerEventName> = Parameters<ServerToClientEvents[E]>[0];

/** Between server nodes (through the adapter); none yet beyond the adapter's own. */
export type InterServerEvents = Record<string, never>;
