import type { RefObject } from 'preact';
import { useRef, useState } from 'preact/hooks';
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

/** A field the form does not name: the server's path and message, or its message alone. */
export function otherProblem(issue: Issue, t: (key: 'admin.issue.other', vars: { field: string; message: string }) => string): FieldProblem {
  return { text: issue.path ? t('admin.issue.other', { field: issue.path, message: issue.message }) : issue.message };
}

/**
 * The state of a form the server may refuse: its status sentence, the refused fields, whether a
 * request is under way, and `submit`, which clears what the last attempt said, runs the request and
 * shows a refusal (showFailure).
 */
export function useRefusableForm() {
  const [status, setStatus] = useSentence();
  const [issues, setIssues] = useState<Issue[]>([]);
  const [busy, setBusy] = useState(false);
  const problemsRef = useRef<HTMLDivElement>(null);
  const submit = async (request: () => Promise<void>) => {
    setBusy(true);
    setStatus(undefined);
    setIssues([]);
    try {
      await request();
    } catch (err) {
      showFailure(err, setStatus, setIssues, problemsRef);
    } finally {
      setBusy(false);
    }
  };
  return { status, setStatus, issues, setIssues, busy, setBusy, problemsRef, submit };
}

/**
 * A row's action asked for through Confirm (ending a mentorship, removing a shift): the question
 * closes, the status says what happened (or why not), the rows reload, and the keyboard goes to
 * that sentence, since the row may be gone.
 */
export function useRowAction(setStatus: (say: Sentence) => void, setBusy: (busy: boolean) => void) {
  const [confirming, setConfirming] = useState<string | undefined>();
  const statusRef = useRef<HTMLParagraphElement>(null);
  const act = async (request: () => Promise<Sentence>, reload: () => Promise<unknown>) => {
    setBusy(true);
    try {
      const done = await request();
      setConfirming(undefined);
      setStatus(done);
      await reload();
    } catch (err) {
      setConfirming(undefined);
      setStatus(() => errorText(err));
    } finally {
      setBusy(false);
      requestAnimationFrame(() => statusRef.current?.focus());
    }
  };
  return { confirming, setConfirming, statusRef, act };
}
