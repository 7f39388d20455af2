import type { PreparedText } from './text.js';

/** 2^17 hashed features: plenty for a few thousand messages, a model of 1 MB in int8. */
export const BUCKETS = 1 << 17;

// FNV-1a, 32 bits, over text[from, to): fast, stable across runs and platforms, and no substring to allocate.
function hash(text: string, seed: number, from = 0, to = text.length): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = from; i < to; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const MAX_TOKENS = 400;
const NO_EVIDENCE = new Uint32Array(0);
// A number's word by its length: `#1` … `#4`.
const NUMBER_WORDS = ['', '#1', '#2', '#3', '#4'];
const MAX_WORD = 24;

/**
 * A word's own features: the word, and its character 2–5-grams with its edges (so "pil" in
 * "slaappillen" and in "pills" meet). They depend on the word alone, so callers may cache them.
 */
export function wordBuckets(word: string): Uint32Array {
  const padded = ` ${word} `;
  const buckets = [hash(word, 1) % BUCKETS];
  for (let n = 2; n <= 5; n++) {
    for (let i = 0; i + n <= padded.length; i++) buckets.push(hash(padded, 3, i, i + n) % BUCKETS);
  }
  return Uint32Array.from(buckets);
}

/** The pair of words in a row: the hash of `${previous} ${word}`, without building that string. */
export function bigramBucket(previous: string, word: string): number {
  let h = 0x811c9dc5 ^ 2;
  for (let i = 0; i < previous.length; i++) h = Math.imul(h ^ previous.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ 32, 0x01000193);
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
  return (h >>> 0) % BUCKETS;
}

/** The word two back and this one ("end … it", "died … level"), as a bucket of its own. */
export function skipBucket(before: string, word: string): number {
  return (bigramBucket(before, word) ^ 0x5bd1e995) % BUCKETS;
}

/** Visits every word of a message as the model reads it (the first 400, each cut at 24 letters), with the word before it. */
export function forEachWord(text: PreparedText, visit: (word: string, previous: string, before: string) => void): void {
  let count = 0;
  for (const sentence of text.sentences) {
    let previous = '<s>';
    let before = '<s>';
    for (const token of sentence) {
      if (count++ >= MAX_TOKENS) return;
      // Numbers are read as their length ("30" and "45" alike): the value is noise, the count of digits not.
      const first = token.charCodeAt(0);
      const word = first >= 48 && first <= 57 ? NUMBER_WORDS[Math.min(token.length, 4)]! : token.length > MAX_WORD ? token.slice(0, MAX_WORD) : token;
      visit(word, previous, before);
      before = previous;
      previous = word;
    }
  }
}

/**
 * What the rules saw, as features: each concept found, each pair of concepts, each detector that
 * fired (with its level), each filter that lowered one, each frame. They let the classifier learn
 * combinations over the lexicon's vocabulary (stems, compounds) rather than over letters alone.
 */
export function evidenceBuckets(evidence: readonly string[]): Uint32Array {
  // Most messages give the rules nothing to say: one empty array for all of them (a typed array costs to allocate).
  if (evidence.length === 0) return NO_EVIDENCE;
  const buckets = new Uint32Array(evidence.length);
  for (let i = 0; i < evidence.length; i++) buckets[i] = hash(evidence[i]!, 4) % BUCKETS;
  return buckets;
}

/**
 * Every feature of a message (repeats counted), each weighing 1/√n so long and short messages
 * score on one scale. Training reads this; scoring sums the same features through caches.
 */
export function featuresOf(text: PreparedText, evidence: Uint32Array = new Uint32Array()): { indices: Uint32Array; weight: number } {
  const indices: number[] = [...evidence];
  forEachWord(text, (word, previous, before) => {
    for (const b of wordBuckets(word)) indices.push(b);
    indices.push(bigramBucket(previous, word), skipBucket(before, word));
  });
  return { indices: Uint32Array.from(indices), weight: indices.length > 0 ? 1 / Math.sqrt(indices.length) : 0 };
}
