/**
 * `npm run train:risk`: trains the classifier on the training split, tunes its thresholds on the
 * validation split together with the rules, and writes server/safety/risk-model.bin. Seeded and
 * deterministic: the same corpus and lexicon give the same bytes. Never reads the test split's labels.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { rank } from '../detection/categories.js';
import { BUCKETS, featuresOf } from '../detection/features.js';
import { Lexicon, loadLexiconFile, type Language } from '../detection/lexicon.js';
import { HEADS, raisingScore, RiskModel, surestCategory, type Head, type ModelHeader } from '../detection/model.js';
import { STANDS_ALONE } from '../detection/situations.js';
import { prepare } from '../detection/text.js';
import { DEFAULT_LEXICON_FILE, DEFAULT_MODEL_FILE, RiskAssessor } from '../risk-assessor.js';
import { loadSplits, sha256, type Example } from './corpus.js';

/** Bumped whenever what the heads learn changes (features, evidence, filters), so the model's version says so. */
const RECIPE = 34;
const SEED = 20261125;
const EPOCHS = 40;
const LEARNING_RATE = 0.5;
const L2 = 1e-6;
/** On validation, rules and classifier together may raise benign messages to high in at most this share per language (the goal is 5%; the rest is margin for unseen messages). */
const BENIGN_TARGET = 0.04;
/** Where the rules alone raise more than that, the classifier may add at most this share. */
const BENIGN_EXTRA = 0.01;
/** On validation, the distress head may flag benign messages as elevated in at most this share: a flag a specialist learns to ignore protects nobody. */
const FLAG_BUDGET = 0.1;
/**
 * A finding everyday talk shares (every one but STANDS_ALONE) pages only where the crisis score reaches this.
 * Chosen by training without one round of writers at a time and scoring that round (rounds 5–11,
 * 1,425 crises and 867 hard negatives per language): mentions alone at 0.2 left 8.7% (English) and
 * 6.8% (Dutch) of benign messages at high; with the scenes (a place, danger near someone, a quantity
 * about to be taken) at 0.15, 7.6% and 5.9%, and no crisis lowered. At 0.2 one was ("I see myself
 * dropping him over the balustrade", scored 0.16).
 */
const CONFIRM = 0.15;
/**
 * A frame or negation that lowered a rule lowers the classifier's verdict with it, unless the crisis
 * head, which reads the same frames as features (and the concepts they stand next to), scores this or
 * more. At 0.9 (the crisis threshold's ceiling when this was chosen), a crisis head sure enough to raise a
 * message is never lowered again by a frame it has already weighed; a kind's head raising without it still is.
 * Against 0.99, measured with model-11009a15fa37: on writers it never saw (round 23, 270 crises and
 * 300 hard negatives) 5 more crises recognised and no more benign messages at high; on the frozen test
 * 1 more crisis; on validation 4 more crises and 2 more of 1,107 benign messages. What 0.99 had lowered:
 * "I lost a 34-year-old on the table … brought home enough from the theatre stock to make sure I don't
 * wake up" (the theatre read as a stage), "I was the one who carried him out after the roof fall in
 * 2009 and he's sacked me" (a year gone by).
 */
const CERTAIN = 0.9;
/**
 * The crisis threshold never above this, whatever validation says. Validation shares its writers with
 * training, so it rewards thresholds that unseen writers do not: training without one round at a time
 * and scoring that round (rounds 5–11), validation chose 0.92–0.96 (one 0.85), and capping at 0.9
 * recognised 3.6 (English) and 2.9 (Dutch) points more crises for 1.2 and 0.2 points more benign
 * messages at high. At 0.85 then (6.3 and 4.7 points more for 2.0 and 0.3), everyday plans such as
 * "if I see him at the gym I'm going to ask him out" began to page; round 32's friendly intentions said like threats have taught the model
 * otherwise (2 of 180 raised at 0.9 and at 0.85). Measured on rounds 33–36, each with the model
 * trained before it came in (1,080 crises, 1,200 hard negatives), 0.85 against 0.9 recognised 953
 * crises against 925 (0.882 against 0.856) and raised 120 hard negatives against 105 (10.0% against
 * 8.8%); 0.8 recognised 967 and raised 130. A missed crisis costs more than a page a clinician
 * resolves as a false alarm, so 0.85.
 */
const CRISIS_CEILING = 0.85;
/** Resamples of the validation split the crisis thresholds are the median of. */
const BOOTSTRAP = 201;

function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const target = (e: Example, head: Head): number => {
  switch (head) {
    case 'crisis':
      return e.label === 'crisis' ? 1 : 0;
    case 'distress':
      return e.label === 'distress' ? 1 : 0;
    case 'imminent':
      return e.level === 'imminent' ? 1 : 0;
    default:
      return e.label === 'crisis' && e.category === head ? 1 : 0;
  }
};

/** Logistic regression per head, Adagrad, L2; examples in a seeded order each epoch. */
export function train(examples: Example[], probe: RiskAssessor) {
  const rows = examples.map((e) => {
    const text = prepare(e.text);
    return { e, ...featuresOf(text, probe.layers(text).evidence) };
  });
  const weights = HEADS.map(() => new Float32Array(BUCKETS));
  const squares = HEADS.map(() => new Float32Array(BUCKETS).fill(1e-8));
  const biases = HEADS.map(() => 0);
  const random = mulberry32(SEED);
  const order = rows.map((_, i) => i);
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const index of order) {
      const { e, indices, weight } = rows[index]!;
      HEADS.forEach((head, h) => {
        const w = weights[h]!;
        const g2 = squares[h]!;
        let z = biases[h]!;
        for (const k of indices) z += w[k]! * weight;
        const error = 1 / (1 + Math.exp(-z)) - target(e, head);
        biases[h]! -= 0.05 * error;
        for (const k of indices) {
          const gradient = error * weight + L2 * w[k]!;
          g2[k]! += gradient * gradient;
          w[k]! -= (LEARNING_RATE * gradient) / Math.sqrt(g2[k]!);
        }
      });
    }
  }
  return { weights, biases };
}

export function quantise(trained: ReturnType<typeof train>, header: Omit<ModelHeader, 'scales' | 'biases'>): RiskModel {
  const scales: number[] = [];
  const q = new Int8Array(HEADS.length * BUCKETS);
  trained.weights.forEach((w, h) => {
    const max = w.reduce((m, x) => Math.max(m, Math.abs(x)), 1e-9);
    const scale = max / 127;
    scales.push(scale);
    for (let k = 0; k < BUCKETS; k++) q[h * BUCKETS + k] = Math.round(w[k]! / scale);
  });
  return new RiskModel({ ...header, scales, biases: trained.biases }, q);
}

/** Thresholds from the validation split: the classifier raises only where the rules did not already, within the budgets. */
export function tune(model: RiskModel, lexiconFile: URL, validation: Example[]): ModelHeader['thresholds'] {
  const assessor = new RiskAssessor({ lexicon: new Lexicon(loadLexiconFile(lexiconFile)), model });
  const rows = validation.map((e) => {
    const { rules, scores, language } = assessor.layers(prepare(e.text));
    const ruleLevel = rules.reduce((max, m) => Math.max(max, rank(m.level)), 0);
    // A frame that lowered the rules lowers the classifier too, short of certainty (RiskAssessor): such messages are hardly raised by it.
    const lowered = assessor.classifierLoweredBy(rules, scores, surestCategory(scores)) !== undefined;
    return { e, ruleLevel, scores, language, lowered };
  });
  const benign = rows.filter((r) => r.e.label === 'benign');
  const candidates = Array.from({ length: 99 }, (_, i) => (i + 1) / 100);
  // Per language (as the assessor guesses it), the lowest crisis threshold at which rules and classifier
  // together raise at most BENIGN_TARGET of benign messages; where the rules alone already exceed it,
  // the classifier may add at most BENIGN_EXTRA.
  const lowestWithin = (own: typeof benign) => {
    const byRules = own.filter((r) => r.ruleLevel >= rank('high')).length;
    const allowed = Math.max(BENIGN_TARGET * own.length, byRules + BENIGN_EXTRA * own.length);
    return candidates.find((t) => byRules + own.filter((r) => r.ruleLevel < rank('high') && !r.lowered && raisingScore(r.scores) >= t).length <= allowed) ?? 0.99;
  };
  // A split of two hundred benign messages per language decides a threshold by one or two of them:
  // take the median over bootstrap resamples instead (seeded, so still deterministic).
  const random = mulberry32(SEED);
  const crisisFor = (language: Language) => {
    const own = benign.filter((r) => r.language === language);
    const chosen = Array.from({ length: BOOTSTRAP }, () => lowestWithin(own.map(() => own[Math.floor(random() * own.length)]!))).sort((a, b) => a - b);
    return Math.min(chosen[Math.floor(BOOTSTRAP / 2)]!, CRISIS_CEILING);
  };
  const crisis = { en: crisisFor('en'), nl: crisisFor('nl') };
  const imminentRows = rows.filter((r) => r.e.label === 'crisis');
  // Imminent: the threshold that best separates imminent from high among crises.
  const imminent = candidates.reduce(
    (best, t) => {
      const correct = imminentRows.filter((r) => (r.scores.imminent >= t) === (r.e.level === 'imminent')).length;
      return correct > best.correct ? { t, correct } : best;
    },
    { t: 0.5, correct: -1 },
  ).t;
  // Distress: the lowest threshold whose extra flags on benign messages stay within the budget.
  const distress =
    candidates.find((t) => benign.filter((r) => r.ruleLevel < rank('elevated') && r.scores.distress >= t).length <= FLAG_BUDGET * benign.length) ?? 0.99;
  return { crisis, imminent, distress, confirm: CONFIRM, certain: CERTAIN };
}

/** The trained weights as a model whose thresholds are tuned on `validation` with the rules of the default lexicon. */
export function tunedModel(trained: ReturnType<typeof train>, header: Omit<ModelHeader, 'scales' | 'biases'>, validation: Example[]): RiskModel {
  const thresholds = tune(quantise(trained, header), DEFAULT_LEXICON_FILE, validation);
  return quantise(trained, { ...header, thresholds });
}

/** The header before tuning: its thresholds are placeholders until `tune` sets them. */
export function draftHeader(version: string, trainedOn: ModelHeader['trainedOn']): Omit<ModelHeader, 'scales' | 'biases'> {
  return { version, buckets: BUCKETS, heads: [...HEADS], thresholds: { crisis: { en: 0.5, nl: 0.5 }, imminent: 0.5, distress: 0.5, confirm: CONFIRM, certain: CERTAIN }, trainedOn };
}

function main() {
  const { train: training, validation, testSha256 } = loadSplits();
  if (testSha256.actual !== testSha256.recorded) throw new Error('The frozen test split changed: its sha256 no longer matches corpus/frozen/test.sha256');
  const started = performance.now();
  // The rules' evidence is part of each message's features: read it with a model that knows nothing yet.
  const probe = new RiskAssessor({ lexicon: new Lexicon(loadLexiconFile(DEFAULT_LEXICON_FILE)), model: RiskModel.untrained() });
  const trained = train(training, probe);
  // The rules' evidence is part of the features, so the lexicon is part of what made the model.
  const lexiconDigest = sha256(readFileSync(DEFAULT_LEXICON_FILE, 'utf8'));
  const digest = sha256(training.map((e) => `${e.id}\t${e.text}`).join('\n'));
  // Named by what made it: the same corpus and settings give the same version (and bytes).
  const version = `model-${sha256(`${digest}:${lexiconDigest}:${RECIPE}:${SEED}:${EPOCHS}:${LEARNING_RATE}:${L2}:${BUCKETS}:${BENIGN_TARGET}:${BENIGN_EXTRA}:${FLAG_BUDGET}:${BOOTSTRAP}:${CONFIRM}:${CERTAIN}:${CRISIS_CEILING}:${[...STANDS_ALONE].join(',')}`).slice(0, 12)}`;
  const model = tunedModel(trained, draftHeader(version, { messages: training.length, sha256: digest }), validation);
  const file = fileURLToPath(DEFAULT_MODEL_FILE);
  writeFileSync(file, model.toBuffer());
  process.stdout.write(
    `trained on ${training.length} messages (${validation.length} for validation) in ${((performance.now() - started) / 1000).toFixed(1)} s\n` +
      `thresholds ${JSON.stringify(model.header.thresholds)}\nwrote ${file} (${model.toBuffer().length} bytes), version ${model.version}\n`,
  );
}

// Run as `npm run train:risk`; imported (by `npm run eval:risk:rounds`) it only lends its parts.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
