/**
 * The alert tone: a short WebAudio beep pattern (no audio file), repeated every few seconds while
 * asked for. Browsers only let sound start after a person's gesture, so `unlockAudio` is called
 * from a click (the on-call switch, "Turn on sound"). `<body data-tone>` says what it is doing:
 * "playing", "blocked" (wanted, but the tab has no unlocked sound) or absent.
 */
import { note } from '../sound.js';

const REPEAT_MS = 4000;
/** Two high–low pairs, in seconds from the start of a pattern. */
const PATTERN: ReadonlyArray<[frequency: number, at: number]> = [
  [880, 0],
  [660, 0.25],
  [880, 0.6],
  [660, 0.85],
];

let ctx: AudioContext | undefined;
let timer: ReturnType<typeof setInterval> | undefined;
let wanted = false;
const listeners = new Set<() => void>();

export type ToneState = 'playing' | 'blocked' | 'off';

export function toneState(): ToneState {
  if (!wanted) return 'off';
  return ctx?.state === 'running' ? 'playing' : 'blocked';
}

export function onToneChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/** Call from a click or key press: creates (or resumes) the tab's audio. */
export function unlockAudio(): void {
  try {
    if (!ctx) {
      ctx = new AudioContext();
      ctx.addEventListener('statechange', update);
    }
    void ctx.resume().then(update, update);
  } catch {
    // No audio in this browser: the board, the title and notifications still alert.
  }
  update();
}

export function audioUnlocked(): boolean {
  return ctx?.state === 'running';
}

/** Starts or stops the repeating tone. */
export function setTone(on: boolean): void {
  if (on === wanted) return;
  wanted = on;
  if (on) {
    beep();
    timer = setInterval(beep, REPEAT_MS);
  } else {
    clearInterval(timer);
    timer = undefined;
  }
  update();
}

function beep(): void {
  if (!ctx || ctx.state !== 'running') return;
  const start = ctx.currentTime + 0.01;
  for (const [frequency, at] of PATTERN) note(ctx, frequency, start + at, 0.25, 0.2);
}

function update(): void {
  const state = toneState();
  if (state === 'off') delete document.body.dataset.tone;
  else document.body.dataset.tone = state;
  for (const listener of listeners) listener();
}
