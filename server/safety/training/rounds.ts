/**
 * `npm run eval:risk:rounds`: how detection does on writers it has not seen. For each later round of
 * the corpus (its own writers), trains without that round, tunes on validation without it, and
 * measures the round; then pools the rounds per language. The rules were written with these rounds
 * in sight, so this measures the classifier and its thresholds honestly and the rules optimistically.
 * `ROUNDS=en10,nl10` limits it to some rounds; each takes about as long as `npm run train:risk`.
 */
import { rank } from '../detection/categories.js';
import { Lexicon, loadLexiconFile } from '../detection/lexicon.js';
import { RiskModel } from '../detection/model.js';
import { DEFAULT_LEXICON_FILE, RiskAssessor } from '../risk-assessor.js';
import { loadSlices, loadSplits, type Example } from './corpus.js';
import { draftHeader, train, tunedModel } from './train.js';

const roundOf = (e: Example) => /^(en|nl)-r(\d+)[a-z]?-/.exec(e.id)?.slice(1, 3).join('') ?? null;
const all = loadSlices();
const rounds = process.env.ROUNDS?.split(',') ?? [...new Set(all.map(roundOf).filter((r): r is string => r !== null && Number(r.slice(2)) >= 5))].sort();
const { train: training, validation } = loadSplits();
const lexicon = new Lexicon(loadLexiconFile(DEFAULT_LEXICON_FILE));
const probe = new RiskAssessor({ lexicon, model: RiskModel.untrained() });

const pct = (hits: number, total: number) => `${((hits / total) * 100).toFixed(1)}% (${hits}/${total})`;
const pooled = new Map<string, { crisis: number[]; benign: number[]; }>();
for (const round of rounds) {
  const out = (e: Example) => roundOf(e) === round;
  const own = training.filter((e) => !out(e));
  const trained = train(own, probe);
  const header = draftHeader(`without-${round}`, { messages: own.length, sha256: '0'.repeat(64) });
  const model = tunedModel(trained, header, validation.filter((e) => !out(e)));
  const assessor = new RiskAssessor({ lexicon, model });
  const held = all.filter(out);
  const levelOf = (e: Example) => rank(assessor.assess(e.text).level);
  const crisis = held.filter((e) => e.label === 'crisis').map(levelOf);
  const benign = held.filter((e) => e.label === 'benign').map(levelOf);
  const distress = held.filter((e) => e.label === 'distress').map(levelOf);
  const language = round.slice(0, 2);
  const sum = pooled.get(language) ?? { crisis: [], benign: [] };
  sum.crisis.push(...crisis);
  sum.benign.push(...benign);
  pooled.set(language, sum);
  process.stdout.write(
    `round ${round}: crisis recognised ${pct(crisis.filter((l) => l >= rank('high')).length, crisis.length)}, ` +
      `benign raised to high ${pct(benign.filter((l) => l >= rank('high')).length, benign.length)}, ` +
      `distress noticed ${pct(distress.filter((l) => l >= rank('elevated')).length, distress.length)}\n`,
  );
}
for (const [language, { crisis, benign }] of pooled) {
  process.stdout.write(
    `${language}, rounds pooled: crisis recognised ${pct(crisis.filter((l) => l >= rank('high')).length, crisis.length)}, ` +
      `benign raised to high ${pct(benign.filter((l) => l >= rank('high')).length, benign.length)}\n`,
  );
}
