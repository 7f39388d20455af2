import { AppError, ErrorCode, type ErrorPayload } from '../../shared/errors.js';

/** What a client may see of any error: AppErrors as they are, everything else as INTERNAL. */
export function toErrorPayload(err: unknown): ErrorPayload {
  if (err instanceof AppError) return err.toPayload();
  return { code: ErrorCode.INTERNAL, message: 'Something went wrong on the server; please try again' };
}

/**
 * What a log may hold of an error: its kind and message, never the documents or payloads
 * that driver errors sometimes carry (they may hold message bodies).
 */
export function errorForLog(err: unknown): Record<string, unknown> {
  if (err instanceof AppError) return { type: 'AppError', code: err.code, message: err.message };
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return { type: err.name, message: err.message, ...(code !== undefined ? { code } : {}), stack: err.stack };
  }
  return { type: typeof err };
}
