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

/**
 * The message's features: character 2–5-grams inside each word (with its edges, so "pil" in
 * "slaappillen" and in "pills" meet), and word 1–2-grams. Distinct bucket indices, each weighing
 * 1/√n so long and short messages score on one scale.
 */
export function featuresOf(text: PreparedText): { indices: Uint32Array; weight: number } {
  const seen = new Set<number>();
  let count = 0;
  for (const sentence of text.sentences) {
    let previous = '<s>';
    for (const token of sentence) {
      if (count++ >= MAX_TOKENS) break;
      const word = token.length > 24 ? token.slice(0, 24) : token;
      seen.add(hash(word, 1) % BUCKETS);
      seen.add(hash(`${previous} ${word}`, 2) % BUCKETS);
      previous = word;
      const padded = ` ${word} `;
      for (let n = 2; n <= 5; n++) {
        for (let i = 0; i + n <= padded.length; i++) seen.add(hash(padded, 3, i, i + n) % BUCKETS);
      }
    }
  }
  const indices = Uint32Array.from(seen);
  return { indices, weight: indices.length > 0 ? 1 / Math.sqrt(indices.length) : 0 };
}
