import { z } from 'zod';

/** Ids the server generates (conversations, messages, mentorships). */
export const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Expected an id of 1-64 letters, digits, "_" or "-"');

/** User ids are the `sub` claim of a token: an organisation's own identifier. */
export const userIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@:-]{0,127}$/, 'Expected a user id of 1-128 letters, digits or "._@:-"');

/** Chosen by the client, unique per sender; a retry with the same id is answered with the original message. */
export const clientMessageIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'Expected a client message id of 1-64 letters, digits, "_" or "-"');

export const seqSchema = z.int().min(0).max(Number.MAX_SAFE_INTEGER);
