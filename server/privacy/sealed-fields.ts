import type { FieldCipher } from './field-cipher.js';

/**
 * Which fields of each stored record hold free text about people's health, and are stored
 * encrypted when a key is configured: `a.b` reaches into an object, `a[].b` into each item.
 */
export const SEALED = {
  message: ['body', 'redaction.reason'],
  held: ['body', 'reason', 'explanation'],
  report: ['reason', 'note'],
  escalation: ['reason', 'note', 'outcome', 'excerpt[].body'],
  request: ['note'],
  safetyExample: ['text', 'note'],
} as const;

/** Seals and opens those fields; without a cipher, both pass records through unchanged (the embedded default). */
export class Sealer {
  constructor(readonly cipher?: FieldCipher) {}

  seal<T>(record: T, paths: readonly string[]): T {
    return this.cipher ? mapPaths(record, paths, this.cipher.encrypt) : record;
  }

  open<T>(record: T, paths: readonly string[]): T {
    return this.cipher ? mapPaths(record, paths, this.cipher.decrypt) : record;
  }
}

function mapPaths<T>(record: T, paths: readonly string[], transform: (text: string) => string): T {
  let out = record;
  for (const path of paths) out = mapPath(out, path.split('.'), transform) as T;
  return out;
}

function mapPath(value: unknown, parts: string[], transform: (text: string) => string): unknown {
  if (value === null || typeof value !== 'object') return value;
  const [head, ...rest] = parts as [string, ...string[]];
  const isArray = head.endsWith('[]');
  const key = isArray ? head.slice(0, -2) : head;
  const obj = value as Record<string, unknown>;
  if (!(key in obj) || obj[key] === undefined || obj[key] === null) return value;
  const field = obj[key];
  let next: unknown;
  if (isArray) next = Array.isArray(field) ? field.map((item) => mapPath(item, rest, transform)) : field;
  else if (rest.length > 0) next = mapPath(field, rest, transform);
  else next = typeof field === 'string' && field !== '' ? transform(field) : field;
  return { ...obj, [key]: next };
}
