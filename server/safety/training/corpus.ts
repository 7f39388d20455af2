import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { RISK_CATEGORIES } from '../detection/categories.js';

/** One labelled message of the corpus. */
export const exampleSchema = z.strictObject({
  id: z.string().min(1),
  template: z.string().min(1),
  lang: z.enum(['en', 'nl']),
  variant: z.literal('be').optional(),
  label: z.enum(['crisis', 'distress', 'benign']),
  category: z.enum(RISK_CATEGORIES).nullable(),
  level: z.enum(['none', 'elevated', 'high', 'imminent']),
  kind: z.string().min(1),
  text: z.string().min(1),
});
export type Example = z.infer<typeof exampleSchema>;

export const CORPUS_DIR = fileURLToPath(new URL('../corpus/', import.meta.url));
export const FROZEN_TEST_FILE = `${CORPUS_DIR}frozen/test.jsonl`;
export const FROZEN_TEST_SHA256 = `${CORPUS_DIR}frozen/test.sha256`;

export function parseJsonl(text: string, source: string): Example[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      const parsed = exampleSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${source}:${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
      return parsed.data;
    });
}

/** Every slice file (`corpus/*.jsonl`), as written. */
export function loadSlices(dir = CORPUS_DIR): Example[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .flatMap((f) => parseJsonl(readFileSync(`${dir}${f}`, 'utf8'), f));
}

const bucketOf = (template: string) => createHash('sha256').update(template).digest().readUInt16BE(0) % 100;

/** Templates in the bottom 15 buckets were frozen as the test split; the next 15 validate; the rest train. */
const TEST_BUCKETS = 15;
const VALIDATION_BUCKETS = 15;

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Writes the test split once, by template, and its sha256. Refuses to run again: the test split
 * is frozen, so later changes to the slices can only add training material.
 */
export function freezeTestSplit(): { messages: number; sha256: string } {
  if (existsSync(FROZEN_TEST_FILE)) throw new Error(`${FROZEN_TEST_FILE} exists: the test split is frozen`);
  const test = loadSlices().filter((e) => bucketOf(e.template) < TEST_BUCKETS);
  const text = test.map((e) => JSON.stringify(e)).join('\n') + '\n';
  mkdirSync(`${CORPUS_DIR}frozen`, { recursive: true });
  writeFileSync(FROZEN_TEST_FILE, text);
  const digest = sha256(text);
  writeFileSync(FROZEN_TEST_SHA256, `${digest}  test.jsonl\n`);
  return { messages: test.length, sha256: digest };
}

export interface Splits {
  train: Example[];
  validation: Example[];
  test: Example[];
  /** The frozen test file's digest as read now, and as recorded when it was frozen. */
  testSha256: { actual: string; recorded: string };
}

/** The frozen test split; every other template goes to validation or training by its hash. */
export function loadSplits(): Splits {
  const testText = readFileSync(FROZEN_TEST_FILE, 'utf8');
  const test = parseJsonl(testText, 'frozen/test.jsonl');
  const frozenTemplates = new Set(test.map((e) => e.template));
  // Templates added after the freeze that hash into the test band train: the test split never grows.
  const rest = loadSlices().filter((e) => !frozenTemplates.has(e.template));
  const validates = (e: Example) => bucketOf(e.template) >= TEST_BUCKETS && bucketOf(e.template) < TEST_BUCKETS + VALIDATION_BUCKETS;
  return {
    train: rest.filter((e) => !validates(e)),
    validation: rest.filter(validates),
    test,
    testSha256: { actual: sha256(testText), recorded: readFileSync(FROZEN_TEST_SHA256, 'utf8').split(/\s+/)[0]! },
  };
}
