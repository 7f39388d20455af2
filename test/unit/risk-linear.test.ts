import { describe, expect, it } from 'vitest';
import { loadRiskAssessor } from '../../server/safety/risk-assessor.js';

const assessor = loadRiskAssessor();

// Inputs that make backtracking patterns take quadratic time, and long repetitive chat.
const ADVERSARIAL = [
  '\t\n'.repeat(10_000),
  'a '.repeat(10_000),
  'k i l l '.repeat(2_500),
  'kill myself '.repeat(1_700),
  '1'.repeat(20_000),
  '9 '.repeat(10_000),
  'pillen '.repeat(2_900),
  '💊'.repeat(10_000),
  'zelfmoordgedachtenzelfmoordgedachten'.repeat(560),
  'x@y.'.repeat(5_000),
  "I'm not, I don't, I won't; ".repeat(800),
];

/** The fastest of a few runs: a busy machine slows a run, it cannot speed one up. */
function fastest(text: string): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    assessor.assess(text);
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

describe('assessment time grows linearly with the message', () => {
  it.each(ADVERSARIAL.map((t) => [t.slice(0, 16).replace(/\s/g, '␣'), t] as const))('%s… (20,000 characters) takes milliseconds, not seconds', (_name, text) => {
    // Generous for a loaded CI machine; measured here at a few milliseconds (see the README).
    expect(fastest(text)).toBeLessThan(250);
  });

  it('ten times the text costs about ten times the time, not a hundred', () => {
    const unit = 'ik wil dood maar ook niet, 30 pillen? nee. ';
    const small = fastest(unit.repeat(45));
    const large = fastest(unit.repeat(450));
    expect(large / Math.max(small, 0.05)).toBeLessThan(40);
  });
});
