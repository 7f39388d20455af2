/**
 * Turns a chat message into what the detection layers read: lower case, no diacritics, no
 * apostrophes, leetspeak undone inside words, letters spaced out joined, meaningful emoji and
 * quantities as tokens, split into sentences of tokens. Every step is a single pass or a regex
 * without nested quantifiers over unbounded input, so the time is linear in the message's length.
 */

/** What is read of a very long message: its head and its tail (a crisis is stated early or late, rarely only in the middle of 100,000 characters). */
export const SCAN_HEAD = 6000;
export const SCAN_TAIL = 2000;

export function scannedPart(text: string): string {
  if (text.length <= SCAN_HEAD + SCAN_TAIL) return text;
  return `${text.slice(0, SCAN_HEAD)}\n${text.slice(-SCAN_TAIL)}`;
}

// Emoji that carry meaning in a crisis, as tokens of their own (language-neutral).
const EMOJI: Record<string, string> = {
  '💊': 'emopill',
  '💉': 'emoneedle',
  '🔪': 'emoknife',
  '🗡': 'emoknife',
  '🔫': 'emogun',
  '⚰': 'emocoffin',
  '🪦': 'emograve',
  '🪢': 'emorope',
  '🩸': 'emoblood',
  '🌉': 'emobridge',
  '🚆': 'emotrain',
  '🚂': 'emotrain',
  '🚉': 'emotrain',
  '🚇': 'emotrain',
  '🍾': 'emobottle',
  '🥃': 'emodrink',
  '🍺': 'emodrink',
  '🍷': 'emodrink',
  '👋': 'emowave',
  '😵': 'emodizzy',
  '🥶': 'emocold',
  // Laughter: a joke, not a plan ("I'm dead 💀", "I'll kill him 😂").
  '😂': 'emolaugh',
  '🤣': 'emolaugh',
  '😅': 'emolaugh',
  '😆': 'emolaugh',
  '😹': 'emolaugh',
  '💀': 'emolaugh',
  '🙃': 'emolaugh',
  '😜': 'emolaugh',
  '😝': 'emolaugh',
  '🥵': 'emolaugh',
  '🙈': 'emolaugh',
  '🤪': 'emolaugh',
  '😬': 'emolaugh',
};
const EMOJI_PATTERN = new RegExp(`(?:${Object.keys(EMOJI).join('|')})`, 'gu');

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's' };
// Sticky: read right where a number ends, never rescanning the rest of the text.
const UNIT_AFTER = /[ \t]{0,3}([a-z]{1,6})\b/y;
// A dose in milligrams is how prescriptions are written; grams of a pill or a drug are a lot.
const GRAMS = new Set(['g', 'gr', 'gram', 'grams', 'grammes']);

/** A message as sentences of tokens. */
export interface PreparedText {
  sentences: string[][];
}

/** Lower case and plain letters; emoji to tokens; apostrophes gone. */
export function simplify(text: string): string {
  let t = scannedPart(text);
  // Plain ASCII chat (most of it) needs neither emoji nor diacritics handled.
  if (/[^\x00-\x7f]/.test(t)) t = t.replace(EMOJI_PATTERN, (e) => ` ${EMOJI[e] ?? ''} `).normalize('NFKD').replace(/\p{M}/gu, '');
  return t.toLowerCase().replace(/['`]/g, '').replace(/[’´]/g, '');
}

/**
 * Words, numbers and sentence breaks. A number with a unit, or a number of five or more, also
 * yields the token `qty` (a quantity worth noticing next to a substance).
 */
export function prepare(text: string): PreparedText {
  let simple = simplify(text);
  // Leetspeak only inside words that also have letters ("k1ll", "d13"), never in plain numbers or "800mg".
  if (/[a-z][013457@$]|[013457@$][a-z]/.test(simple)) {
    simple = simple.replace(/\S+/g, (word) => (/[a-z]/.test(word) && /[013457@$]/.test(word) && !/^\d+[a-z]{1,5}$/.test(word) ? word.replace(/[013457@$]/g, (c) => LEET[c]!) : word));
  }
  // "k i l l", "k.i.l.l": letters spaced out, joined again.
  if (/\b[a-z][ ._*-][a-z][ ._*-][a-z]\b/.test(simple)) simple = simple.replace(/\b(?:[a-z][ ._*-]){2,}[a-z]\b/g, (run) => run.replace(/[ ._*-]/g, ''));
  const sentences: string[][] = [];
  let current: string[] = [];
  const push = (token: string) => current.push(token);
  for (const match of simple.matchAll(/[a-z]+|\d+(?:[.,]\d+)?|[.!?;\n]+/g)) {
    const token = match[0];
    if (/^[.!?;\n]/.test(token)) {
      if (current.length > 0) sentences.push(current);
      current = [];
    } else if (/^\d/.test(token)) {
      const previous = current.at(-1);
      push(token);
      // A decimal (a time, a price) is no count.
      if (/[.,]/.test(token)) continue;
      const value = Number(token);
      // "van 500", "to 100": a dose or a limit, not a count.
      if (previous !== undefined && /^(?:van|of|to|tot|op|per|at|x|naar|om)$/.test(previous)) continue;
      UNIT_AFTER.lastIndex = match.index + token.length;
      const unit = UNIT_AFTER.exec(simple)?.[1];
      const quantity = unit === undefined || !/^(?:mg|mcg|ug|ml|cl|l|kg|km|m|cm|min|mins|minuten|uur|h|hr|hrs|hours|jaar|year|years|yrs|yr|days|dagen|weken|weeks|x|euro|eur|k|pm|am|u)$/.test(unit);
      if ((value >= 5 && quantity) || (unit !== undefined && GRAMS.has(unit) && value >= 2)) push('qty');
    } else {
      push(token);
    }
  }
  if (current.length > 0) sentences.push(current);
  return { sentences };
}

/** Runs of one letter collapsed ("killll" → "kil", "pillen" → "pilen"): typos and stretched words meet their lexicon entry. */
export const collapse = (word: string): string => word.replace(/([a-z])\1+/g, '$1');
