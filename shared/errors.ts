/**
 * Stable error codes of the wire protocol. Clients branch on `code`, never on `message`.
 *
 * @example
 * const res = await socket.emitWithAck('message:send', payload);
 * if (!res.ok && res.error.code === ErrorCode.RATE_LIMITED) await sleep(res.error.retryAfterMs ?? 1000);
 */
export const ErrorCode = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  RATE_LIMITED: 'RATE_LIMITED',
  CONFLICT: 'CONFLICT',
  UNAVAILABLE: 'UNAVAILABLE',
  INTERNAL: 'INTERNAL',
  AUTH_REQUIRED: 'AUTH_REQUIRED',
  AUTH_INVALID: 'AUTH_INVALID',
  AUTH_EXPIRED: 'AUTH_EXPIRED',
  /** The sender is muted in this conversation; `until` says when it ends. */
  MUTED: 'MUTED',
  /** Slow mode: `retryAfterMs` says when the next message is allowed. */
  SLOW_MODE: 'SLOW_MODE',
  GROUP_FULL: 'GROUP_FULL',
  /** The conversation blocks contact details (phone numbers, e-mail, handles) and the message had some. */
  CONTACT_DETAILS: 'CONTACT_DETAILS',
  /** Another clinician acknowledged the escalation first. */
  ALREADY_CLAIMED: 'ALREADY_CLAIMED',
  /** HTTP only: a request body that is not `application/json` (a cross-site form cannot post one). */
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Codes after which the same command may succeed when sent again unchanged. */
export const RETRYABLE_CODES: ReadonlySet<ErrorCode> = new Set([ErrorCode.UNAVAILABLE, ErrorCode.RATE_LIMITED, ErrorCode.SLOW_MODE]);

/** The error half of every acknowledgement, and the body of every HTTP error. */
export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  /** For VALIDATION_FAILED: the offending paths; otherwise extra machine-readable facts. */
  details?: Record<string, unknown>;
  /** For RATE_LIMITED and SLOW_MODE: how long to wait before trying again. */
  retryAfterMs?: number;
  /** For MUTED: when the mute ends (ISO 8601). */
  until?: string;
}

export interface AppErrorOptions {
  details?: Record<string, unknown>;
  retryAfterMs?: number;
  until?: string;
  cause?: unknown;
}

/** The one error type that crosses layers. Anything else becomes `INTERNAL` at the edge. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;
  readonly retryAfterMs?: number;
  readonly until?: string;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    if (options.details !== undefined) this.details = options.details;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    if (options.until !== undefined) this.until = options.until;
  }

  toPayload(): ErrorPayload {
    const payload: ErrorPayload = { code: this.code, message: this.message };
    if (this.details !== undefined) payload.details = this.details;
    if (this.retryAfterMs !== undefined) payload.retryAfterMs = this.retryAfterMs;
    if (this.until !== undefined) payload.until = this.until;
    return payload;
  }
}

/**
 * Reason codes sent with `session:expired` before the server closes a socket on purpose.
 * (A node shutting down closes the transport instead, so clients reconnect to another node.)
 */
export const CloseReason = {
  TOKEN_EXPIRED: 'TOKEN_EXPIRED',
} as const;
export type CloseReason = (typeof CloseReason)[keyof typeof CloseReason];
