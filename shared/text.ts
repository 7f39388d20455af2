import { z } from 'zod';

/** C0 and C1 control characters and DEL: never in a line of text; only tab and newline in a body. */
const CONTROL_IN_LINE = /[\u0000-\u001F\u007F-\u009F]/;
const CONTROL_IN_BODY = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
// Something that shows: not whitespace, not a format or default-ignorable character (zero-width
// space, variation selectors), not a blank-looking letter (Hangul fillers, the braille blank), and
// not a combining mark with nothing to combine with. Visible text has one such code point: a
// single test (removing all the others to see what is left would copy every message).
const SHOWS = /[^\p{White_Space}\p{Cf}\p{Default_Ignorable_Code_Point}\u115F\u1160\u3164\uFFA0\u2800\p{M}]/u;
const isVisible = (s: string) => SHOWS.test(s);
/** Direction controls (embeddings, overrides, isolates): they can make a name read as something else. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;
export const stripBidiControls = (s: string): string => s.replace(BIDI_CONTROLS, '');

function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** A short single-line text, trimmed: a name, a reason, a topic. Direction controls are removed. */
export function lineSchema(max: number) {
  return z
    .string()
    .transform(stripBidiControls)
    .pipe(
      z
        .string()
        .trim()
        .min(1, 'Must not be empty')
        .max(max, `Must be at most ${max} characters`)
        .refine((s) => !CONTROL_IN_LINE.test(s), 'Must not contain control characters'),
    );
}

/** A message body or any longer text: well-formed, no control characters but newline and tab, not blank, not too long. */
export function messageBodySchema(maxLength: number) {
  return (
    z
      .string()
      // A cheap bound first: a code point is at most two UTF-16 units.
      .max(maxLength * 2, `Body must be at most ${maxLength} characters`)
      // No longer in UTF-16 units than allowed in code points: no need to count them.
      .refine((s) => s.length <= maxLength || codePointLength(s) <= maxLength, `Body must be at most ${maxLength} characters`)
      .refine((s) => s.isWellFormed(), 'Body must be well-formed Unicode text')
      .refine((s) => !CONTROL_IN_BODY.test(s), 'Body must not contain control characters other than newline and tab')
      .refine(isVisible, 'Body must not be empty or only whitespace or invisible characters')
  );
}

/** Two-letter language codes such as nl or en. */
export const languageSchema = z.string().regex(/^[a-z]{2}$/, 'Expected a two-letter language code such as nl or en');
