import type { RefObject } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError } from '../api.js';
import { errorText } from '../errors.js';

/** One refused field, as the server names it in a VALIDATION_FAILED answer. */
export interface Issue {
  /** Dotted path, e.g. `tiers.1.userIds`; empty for the request itself. */
  path: string;
  message: string;
}

/** The issues of a VALIDATION_FAILED answer; undefined for any other failure. */
export function validationIssues(err: unknown): Issue[] | undefined {
  if (!(err instanceof ApiError) || err.code !== 'VALIDATION_FAILED') return undefined;
  const raw = err.details?.issues;
  if (!Array.isArray(raw)) return [];
  return raw
    .filter((i): i is Issue => typeof i === 'object' && i !== null && typeof (i as Issue).path === 'string' && typeof (i as Issue).message === 'string')
    .map((i) => ({ path: i.path, message: i.message }));
}

/** A sentence per refused field (each shown once), with the id of the form control it belongs to. */
export interface FieldProblem {
  /** The control to mark invalid and describe, when there is one. */
  fieldId?: string;
  text: string;
}

/** Keeps the first problem of each sentence: several issues of one field read as one sentence. */
export function uniqueProblems(problems: FieldProblem[]): FieldProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => (seen.has(p.text) ? false : (seen.add(p.text), true)));
}

/** A sentence kept as how to say it, so what is shown follows a switch of language. */
export type Sentence = () => string;

/** State for one status sentence: the text in the current language, and its setter. */
export function useSentence(): [string | undefined, (say: Sentence | undefined) => void] {
  const [held, setHeld] = useState<{ say: Sentence } | undefined>();
  return [held?.say(), (say) => setHeld(say ? { say } : undefined)];
}

/**
 * A refused form: the server's issues listed, focus on the list; a request without issues listed as
 * one sentence; any other failure as the status sentence.
 */
export function showFailure(err: unknown, setStatus: (say: Sentence) => void, setIssues: (issues: Issue[]) => void, list: RefObject<HTMLElement | null>): void {
  const found = validationIssues(err);
  if (!found) return setStatus(() => errorText(err));
  setIssues(found.length ? found : [{ path: '', message: errorText(err) }]);
  requestAnimationFrame(() => list.current?.focus());
}
