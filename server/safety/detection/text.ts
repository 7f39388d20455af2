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
// Compiled once here: run on every message (tsx turns a `\p{…}` literal into `new RegExp` at each call).
const NON_ASCII = /[^\x00-\x7f]/;
const APOSTROPHES = /['`’´]/g;
// "OD'd" is spelled out before apostrophes go: without one, "odd" is a word ("twenty-odd years", "feeling odd").
const OD_D = /\bod['`’´]d\b/g;
// A number with its unit, punctuation either side ("2.5mg,", "(50mg)", "x30"): a dose, not leetspeak.
const A_DOSE = /^[^a-z0-9]*(?:x?\d+(?:[.,]\d+)?[a-z]{0,5}|\d+x)[^a-z0-9]*$/;
const LEET_CANDIDATE = /[a-z][013457@$]|[013457@$][a-z]/;
const SPACED_OUT = /\b[a-z][ ._*-][a-z][ ._*-][a-z]\b/;
const MARKS = /\p{M}/gu;
const TOKEN = /[a-z]+|\d+(?:[.,]\d+)?|[.!?;\n]+/g;
const DECIMAL = /[.,]/;
const NOT_A_COUNT_AFTER = /^(?:van|of|to|tot|op|per|at|x|naar|om)$/;
// "The 14th", "op de 14e", "1ste": a date or a rank, no count.
const ORDINAL = /^(?:st|nd|rd|th|e|ste|de|ds)$/;
const NOT_A_QUANTITY_UNIT = /^(?:mg|mcg|ug|ml|cl|l|kg|km|m|cm|min|mins|minuten|uur|h|hr|hrs|hours|jaar|year|years|yrs|yr|days|dagen|weken|weeks|x|euro|eur|k|pm|am|u)$/;
const isDigit = (code: number) => code >= 48 && code <= 57;

/** A message as sentences of tokens. */
export interface PreparedText {
  sentences: string[][];
}

/** Lower case and plain letters; emoji to tokens; apostrophes gone. */
export function simplify(text: string): string {
  let t = scannedPart(text);
  // Plain ASCII chat (most of it) needs neither emoji nor diacritics handled.
  if (NON_ASCII.test(t)) t = t.replace(EMOJI_PATTERN, (e) => ` ${EMOJI[e] ?? ''} `).normalize('NFKD').replace(MARKS, '');
  return t.toLowerCase().replace(OD_D, 'oded').replace(APOSTROPHES, '');
}

/**
 * Words, numbers and sentence breaks. A number with a unit, or a number of five or more, also
 * yields the token `qty` (a quantity worth noticing next to a substance).
 */
const SLASHED_SH = /\bs\/h\b/g;

export function prepare(text: string): PreparedText {
  let simple = simplify(text);
  // Leetspeak only inside words that also have letters ("k1ll", "d13"), never in plain numbers or "800mg".
  if (LEET_CANDIDATE.test(simple)) {
    simple = simple.replace(/\S+/g, (word) => (/[a-z]/.test(word) && /[013457@$]/.test(word) && !A_DOSE.test(word) ? word.replace(/[013457@$]/g, (c) => LEET[c]!) : word));
  }
  // "s/h" is how self-harm is written where the word is filtered.
  if (simple.includes('s/h')) simple = simple.replace(SLASHED_SH, 'sh');
  // "k i l l", "k.i.l.l": letters spaced out, joined again.
  if (SPACED_OUT.test(simple)) simple = simple.replace(/\b(?:[a-z][ ._*-]){2,}[a-z]\b/g, (run) => run.replace(/[ ._*-]/g, ''));
  const sentences: string[][] = [];
  let current: string[] = [];
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(simple); match !== null; match = TOKEN.exec(simple)) {
    const token = match[0];
    // A token is letters, a number or a run of sentence breaks: its first character tells which.
    const first = token.charCodeAt(0);
    if (isDigit(first)) {
      const previous = current.at(-1);
      current.push(token);
      // A decimal (a time, a price) is no count.
      if (DECIMAL.test(token)) continue;
      const value = Number(token);
      // "van 500", "to 100": a dose or a limit, not a count; "in 2019": a year.
      if ((previous !== undefined && NOT_A_COUNT_AFTER.test(previous)) || (token.length === 4 && value >= 1950 && value < 2100)) continue;
      UNIT_AFTER.lastIndex = match.index + token.length;
      const unit = UNIT_AFTER.exec(simple)?.[1];
      if (unit !== undefined && ORDINAL.test(unit) && value >= 1 && value <= 31) {
        current.push('nth');
        continue;
      }
      const quantity = unit === undefined || !NOT_A_QUANTITY_UNIT.test(unit);
      if ((value >= 5 && quantity) || (unit !== undefined && GRAMS.has(unit) && value >= 2)) current.push('qty');
    } else if (first >= 97 /* a-z */) {
      current.push(token);
    } else {
      if (current.length > 0) sentences.push(current);
      current = [];
    }
  }
  if (current.length > 0) sentences.push(current);
  return { sentences: sentences.flatMap(clauses) };
}

// Dictated and hurried messages run on without a stop: "the pharmacy rang so I'll go after work but
// the doctor said …". Past this length a sentence is cut before the words that start a new clause,
// so that what one sentence must hold together (a pill and a count, a knife and a person) is not
// met across a whole message.
const RUN_ON = 30;
const CLAUSE_START = new Set(['but', 'anyway', 'anyways', 'because', 'cos', 'coz', 'cuz', 'maar', 'dus', 'omdat', 'enfin', 'anyhow', 'also', 'then']);
const AFTER_SO = new Set(['i', 'im', 'ive', 'ill', 'we', 'she', 'he', 'they', 'it', 'that', 'thats', 'now', 'yeah', 'basically', 'ik', 'k', 'ze', 'hij', 'zij']);
const MIN_CLAUSE = 6;

function clauses(sentence: string[]): string[][] {
  if (sentence.length <= RUN_ON) return [sentence];
  const out: string[][] = [];
  let start = 0;
  for (let i = MIN_CLAUSE; i < sentence.length - MIN_CLAUSE; i++) {
    const word = sentence[i]!;
    const starts = CLAUSE_START.has(word) || (word === 'so' && AFTER_SO.has(sentence[i + 1]!)) || (word === 'and' && sentence[i + 1] === 'then');
    if (starts && i - start >= MIN_CLAUSE) {
      out.push(sentence.slice(start, i));
      start = i;
    }
  }
  out.push(sentence.slice(start));
  return out;
}

/**
 * Runs of one letter collapsed ("killll" → "kil", "pillen" → "pilen"): typos and stretched words meet their lexicon entry.
 * As `word.replace(/([a-z])\1+/g, '$1')`, without the regex: it runs on every token with a doubled letter.
 */
export function collapse(word: string): string {
  let out = '';
  let from = 0;
  for (let i = 1; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c !== word.charCodeAt(i - 1) || c < 97 || c > 122) continue;
    out += word.slice(from, i);
    while (i + 1 < word.length && word.charCodeAt(i + 1) === c) i++;
    from = i + 1;
  }
  return from === 0 ? word : out + word.slice(from);
}
