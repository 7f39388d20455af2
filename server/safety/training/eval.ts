/**
 * `npm run eval:risk`: recall per language × category with 95% Wilson intervals, false alarms per
 * kind of trap, distress noticed, and assessment time, on the validation split and the frozen
 * test split. `--missed` also lists what was missed and raised wrongly on validation (never on test).
 */
import { loadRiskAssessor } from '../risk-assessor.js';
import { loadSplits } from './corpus.js';
import { evaluate, report } from './evaluate.js';

const { validation, test, testSha256 } = loadSplits();
if (testSha256.actual !== testSha256.recorded) throw new Error('The frozen test split changed: its sha256 no longer matches corpus/frozen/test.sha256');
const assessor = loadRiskAssessor();
// Warm up (stem caches, JIT) so timings show steady state.
for (let pass = 0; pass < 3; pass++) for (const e of validation) assessor.assess(e.text);
const onValidation = evaluate(assessor, validation);
// While tuning, `--validation` leaves the test split unread.
const onTest = process.argv.includes('--validation') ? undefined : evaluate(assessor, test);
process.stdout.write(`Rules ${assessor.version}, model ${assessor.modelVersion}\n\n`);
process.stdout.write(`${report(`Validation split (${validation.length} messages)`, onValidation)}\n\n`);
if (onTest) process.stdout.write(`${report(`Frozen test split (${test.length} messages, sha256 ${testSha256.actual.slice(0, 12)}…)`, onTest)}\n`);
if (process.argv.includes('--missed')) {
  process.stdout.write('\nMissed on validation:\n');
  for (const e of onValidation.missed) process.stdout.write(`  [${e.lang} ${e.category} ${e.kind}] ${e.text}\n`);
  process.stdout.write('\nFalse alarms on validation:\n');
  for (const e of onValidation.alarms) process.stdout.write(`  [${e.lang} ${e.kind}] ${e.text}\n`);
}
