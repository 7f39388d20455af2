import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectContactDetails } from '../../server/moderation/contact-detector.js';
import { prepare } from '../../server/safety/detection/text.js';
import { loadRiskAssessor } from '../../server/safety/risk-assessor.js';

const assessor = loadRiskAssessor();

/** Every text scanner on the send path: each must take time linear in the message's length. */
const SCANNERS: Array<[string, (text: string) => unknown]> = [
  ['contact details', detectContactDetails],
  ['risk normalising', prepare],
  ['risk assessment', (text) => assessor.assess(text)],
];

// The characters backtracking patterns stumble on: whitespace runs, separators, brackets, digits, @ and dots.
const UNIT = fc.string({ unit: fc.constantFrom(' ', '\t', '\n', '.', '-', '(', '[', '@', '+', '0', '6', 'a', 'k', 'x', '_', 'é', '💊'), minLength: 1, maxLength: 12 });

/** The fastest of a few runs: a busy machine slows a run, it cannot speed one up. */
function fastest(run: () => unknown): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    run();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

describe('text scanners stay linear on long repetitive and random input', () => {
  for (const [name, scan] of SCANNERS) {
    it(`${name}: 100,000 characters of any repeated pattern in well under a second`, () => {
      fc.assert(
        fc.property(UNIT, (unit) => {
          const text = unit.repeat(Math.ceil(100_000 / unit.length)).slice(0, 100_000);
          // Generous for a loaded CI machine; the README gives the figures measured here.
          expect(fastest(() => scan(text))).toBeLessThan(400);
        }),
        { numRuns: 15, seed: 20261125 },
      );
    });

    it(`${name}: random text of up to 20,000 characters`, () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 20_000 }), (text) => {
          expect(fastest(() => scan(text))).toBeLessThan(200);
        }),
        { numRuns: 15, seed: 20261125 },
      );
    });
  }

  it('the 4,000 characters of tabs and newlines that stalled the server are read in milliseconds', () => {
    expect(fastest(() => detectContactDetails('\t\n'.repeat(2000)))).toBeLessThan(50);
  });
});
