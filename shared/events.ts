import type { CommandName, CommandPayload, CommandResults } from './commands.js';
import type { CloseReason, ErrorPayload } from './errors.js';
import type {
  Availability,
  ConversationStatus,
  ConversationSummary,
  CrisisResource,
  Escalation,
  HeldMessage,
  MemberRole,
  Mentorship,
  Message,
  Report,
  RiskFlag,
  Sanction,
  SupportRequest,
} from './models.js';

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

export interface MemberChanged {
  conversationId: string;
  userId: string;
  name?: string;
  role?: MemberRole;
  /** member:left only: why. */
  reason?: 'left' | 'removed' | 'banned';
}

export interface MessageRedacted {
  conversationId: string;
  messageId: string;
  seq: number;
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
  'member:joined': (event: MemberChanged) => void;
  'member:left': (event: MemberChanged) => void;
  'group:updated': (event: { group: ConversationSummary }) => void;
  'message:redacted': (event: MessageRedacted) => void;
  /** To the affected user: a sanction with its reason and end time. */
  'sanction:applied': (event: { sanction: Sanction }) => void;
  'sanction:lifted': (event: { conversationId: string; kind: Sanction['kind'] }) => void;
  /** To the conversation's moderators (facilitators; clinicians for a mentorship). Never names the reporter. */
  'report:created': (event: { report: Report }) => void;
  /** To the conversation's moderators: a message waits for review. */
  'review:requested': (event: { held: HeldMessage }) => void;
  /** To the sender: what the review decided. */
  'review:decided': (event: { heldId: string; conversationId: string; decision: 'approve' | 'reject' }) => void;
  /** To a sender whose message signals a crisis: crisis lines for their locale, at once. */
  'safety:resources': (event: { conversationId: string; resources: CrisisResource[] }) => void;
  /** To a conversation's peer specialist (a group's facilitators): a mentee's message worth a look. Never to mentees, never a page. */
  'risk:flagged': (event: { conversationId: string; messageId: string; level: RiskFlag['level']; categories: string[] }) => void;
  /** To the clinicians of the tier now alerted, on every socket. */
  'escalation:alerted': (event: { escalation: Escalation }) => void;
  /** To every clinician alerted so far (and the owner): claimed, raised, resolved. */
  'escalation:updated': (event: { escalation: Escalation }) => void;
  /** To online admins when no clinician of any tier can be reached. */
  'escalation:unrouted': (event: { escalation: Escalation }) => void;
  /** To a specialist: a request to accept or decline before `expiresAt`. */
  'support:offered': (event: { request: SupportRequest; expiresAt: string }) => void;
  /** To a specialist whose offer ran out or was taken back. */
  'support:offerWithdrawn': (event: { requestId: string; reason: 'expired' | 'cancelled' }) => void;
  /** To both sides once a specialist accepts. */
  'support:matched': (event: { mentorship: Mentorship; conversation: ConversationSummary }) => void;
  /** To a waiting mentee whenever their place changes. */
  'support:queued': (event: { requestId: string; position: number; etaSec: number }) => void;
  /** To a specialist whose availability the server changed (an offer ran out, a long disconnect). */
  'availability:changed': (event: { status: Availability; reason: string }) => void;
  /** Sent just before the server closes the socket on purpose. */
  'session:expired': (event: SessionExpired) => void;
}

export type ServerEventName = keyof ServerToClientEvents;
export type ServerEventPayload<E extends ServerEventName> = Parameters<ServerToClientEvents[E]>[0];

/** Between server nodes (through the adapter); none yet beyond the adapter's own. */
export type InterServerEvents = Record<string, never>;
