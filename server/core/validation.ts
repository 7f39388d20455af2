import type { z } from 'zod';
import { AppError, ErrorCode } from '../../shared/errors.js';

export interface ValidationIssue {
  /** Dotted path of the bad field, e.g. `body` or `participants.0.userId`; empty for the payload itself. */
  path: string;
  message: string;
}

export function validationError(issues: ValidationIssue[], message = 'The payload is not valid'): AppError {
  return new AppError(ErrorCode.VALIDATION_FAILED, message, { details: { issues } });
}

/** Parses with the schema or throws VALIDATION_FAILED naming each bad field's path. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw validationError(
    result.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.'),
      message: issue.code === 'unrecognized_keys' ? `Unknown field(s): ${issue.keys.join(', ')}` : issue.message,
    })),
  );
}
