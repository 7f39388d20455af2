import { note } from '../sound.js';

/**
 * A short, soft two-tone chime when an offer arrives. Browsers may keep sound off until the
 * person first clicks or types on the page; `unlockChime` is called then. Never throws.
 */
let audio: AudioContext | undefined;

function context(): AudioContext | undefined {
  try {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') void audio.resume().catch(() => {});
    return audio;
  } catch {
    return undefined;
  }
}

export function unlockChime(): void {
  context();
}

export function chime(): void {
  const ctx = context();
  if (!ctx) return;
  try {
    const start = ctx.currentTime + 0.02;
    [660, 880].forEach((frequency, i) => note(ctx, frequency, start + i * 0.18, 0.12, 0.4));
  } catch {
    // No sound is fine: the offer is on screen.
  }
}
