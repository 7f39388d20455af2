import type { RiskLevel } from '../../shared/models.js';
import { higher, rank, RISK_CATEGORIES, type RiskCategory, type Severity } from './detection/categories.js';
import { Lexicon, loadLexiconFile, type FilterKind, type Language } from './detection/lexicon.js';
import { evidenceBuckets } from './detection/features.js';
import { raisingScore, RiskModel, surestCategory, type Scores } from './detection/model.js';
import { Signals } from './detection/signals.js';
import { detectSituations, hasContextCue, REQUIRED_CONCEPTS, STANDS_ALONE, type Finding } from './detection/situations.js';
import { prepare, type PreparedText } from './detection/text.js';

export { RISK_CATEGORIES, type RiskCategory };

/** Which layer raised a match. */
export type RiskLayer = 'situation' | 'lexicon' | 'classifier' | 'window';

export interface RiskMatch {
  /** The detector (`overdose.quantity`), `distress.words`, or the classifier's head (`classifier.overdose`). */
  ruleId: string;
  category: RiskCategory;
  level: Severity;
  /** The words that triggered it (situations and lexicon), or the classifier's score. */
  phrase: string;
  layer: RiskLayer;
  /**
   * What lowered it to elevated: negation, a frame (past, media, training, support, hyperbole, idiom),
   * or, for a finding everyday talk shares, a classifier that did not read the message as a crisis (`unconfirmed`).
   */
  loweredBy?: FilterKind | 'negation' | 'unconfirmed';
}

export interface RiskAssessment {
  level: RiskLevel;
  categories: RiskCategory[];
  matches: RiskMatch[];
  /** The lexicon's version, so every assessment can be traced to the rules that made it. */
  version: string;
  modelVersion: string;
  /** The message mentions a time, a means, a place or a farewell: earlier messages may complete it (see assessWindow). */
  cues: boolean;
}

export const DEFAULT_LEXICON_FILE = new URL('./risk-lexicon.json', import.meta.url);
export const DEFAULT_MODEL_FILE = new URL('./risk-model.bin', import.meta.url);

const FRAMES: FilterKind[] = ['past', 'media', 'training', 'support', 'hyperbole', 'idiom', 'care'];
// Acts a reassurance denies: "no plans to end my life" is one, even where the finding is phrased as a negation.
const DENIED_ACTS = ['END', 'KILL', 'DIE', 'SUICIDE', 'TIRED_OF_LIFE'];
// The writer's own wish to die (the suicide findings that stand alone): asking whether it is normal, or what to do, leaves it a wish.
const OWN_WISH: ReadonlySet<string> = new Set([...STANDS_ALONE].filter((id) => id.startsWith('suicide.')));

/** The rules' evidence as classifier features: concepts, pairs of them, detectors with their levels, filters, frames. */
function evidenceOf(signals: Signals, rules: readonly RiskMatch[]): Uint32Array {
  const { concepts, frames } = signals.found();
  const evidence = concepts.map((c) => `c:${c}`);
  for (let i = 0; i < concepts.length; i++) for (let j = i + 1; j < concepts.length; j++) evidence.push(`cc:${concepts[i]}&${concepts[j]}`);
  for (const m of rules) evidence.push(`d:${m.ruleId}@${m.level}`, ...(m.loweredBy ? [`l:${m.loweredBy}`] : []));
  for (const f of frames) evidence.push(`f:${f}`);
  // Which concepts a frame or a negation stands next to ("died … level", "not … pills"): a linear model cannot pair them itself.
  for (const [concept, frame] of signals.framedConcepts()) evidence.push(`cf:${concept}|${frame}`);
  return evidenceBuckets(evidence);
}

export interface RiskAssessorOptions {
  lexicon: Lexicon;
  model: RiskModel;
}

/** Loads the lexicon and the model; a missing or malformed file stops here, naming it. */
export function loadRiskAssessor(files: { lexicon?: string | URL; model?: string | URL } = {}): RiskAssessor {
  const lexiconFile = files.lexicon ?? DEFAULT_LEXICON_FILE;
  const lexicon = new Lexicon(loadLexiconFile(lexiconFile));
  const missing = REQUIRED_CONCEPTS.filter((c) => !lexicon.concepts.has(c));
  if (missing.length > 0) throw new Error(`The risk lexicon ${String(lexiconFile)} lacks the concepts ${missing.join(', ')}`);
  return new RiskAssessor({ lexicon, model: RiskModel.load(files.model ?? DEFAULT_MODEL_FILE) });
}

/**
 * Layers, each able to raise the level; filters only lower, and never below elevated:
 * situations (what the message describes, from a stem- and compound-aware lexicon), distress
 * words, and a linear classifier over hashed n-grams; then negation and frames (past, media,
 * training, asking for someone else, jokes, idioms) lower high and imminent to elevated.
 * Linear in the message's length; a message costs tens of microseconds.
 */
export class RiskAssessor {
  readonly version: string;
  readonly modelVersion: string;

  constructor(private readonly options: RiskAssessorOptions) {
    this.version = options.lexicon.version;
    this.modelVersion = options.model.version;
  }

  assess(text: string): RiskAssessment {
    return this.assessPrepared(prepare(text));
  }

  /**
   * The recent messages of one sender together with the new one ("the pills are in the drawer",
   * later "tonight"). Raises only where the whole says more than any message alone.
   * `alone`: the current message's own assessment, when the caller has it already.
   */
  assessWindow(previous: readonly string[], current: string, alone: RiskAssessment = this.assess(current)): RiskAssessment {
    if (previous.length === 0) return alone;
    const before = previous.reduce<RiskLevel>((max, text) => higher(max, this.assess(text).level), 'none');
    const together = this.assessPrepared(prepare([...previous, current].join('\n')));
    if (rank(together.level) <= rank(higher(alone.level, before))) return alone;
    const raised = together.matches.filter((m) => rank(m.level) > rank(alone.level)).map((m) => ({ ...m, layer: 'window' as const }));
    return this.summarise([...alone.matches, ...raised], alone.cues);
  }

  /** What each layer sees, for training and evaluation. */
  layers(text: PreparedText): { rules: RiskMatch[]; scores: Scores; cues: boolean; evidence: Uint32Array; language: Language } {
    const signals = new Signals(this.options.lexicon.scan(text));
    const found = this.ruleMatches(signals);
    const evidence = evidenceOf(signals, found);
    const scores = this.options.model.score(text, evidence);
    return { rules: this.confirmed(found, scores), scores, cues: hasContextCue(signals), evidence, language: signals.language };
  }

  /** A finding pages only when the classifier reads the message as a possible crisis too, unless it is the writer's own wish or act (STANDS_ALONE). */
  private confirmed(rules: RiskMatch[], scores: Scores): RiskMatch[] {
    if (scores.crisis >= this.options.model.header.thresholds.confirm) return rules;
    return rules.map((m) => (m.level !== 'elevated' && !m.loweredBy && !STANDS_ALONE.has(m.ruleId) ? { ...m, level: 'elevated', loweredBy: 'unconfirmed' } : m));
  }

  private assessPrepared(text: PreparedText): RiskAssessment {
    const { rules, scores, cues, language } = this.layers(text);
    // Where the rules found a crisis and a frame lowered it ("ik ga ermee stoppen, met roken bedoel ik"),
    // the classifier's crisis is lowered for the same reason: both read the same words. Frames are
    // phrases, and a single frame word frames only its own sentence, so a word in passing cannot
    // silence a crisis; the threshold was tuned with this lowering in place. The classifier reads the
    // frames too: where it is all but certain despite them, the frame does not lower it.
    const words = text.sentences.reduce((n, s) => n + s.length, 0);
    const classifier = this.classifierMatches(scores, words, language).map((m) => {
      const lowered = m.level === 'elevated' ? undefined : this.classifierLoweredBy(rules, scores, m.category);
      return lowered ? { ...m, level: 'elevated' as const, loweredBy: lowered } : m;
    });
    return this.summarise([...rules, ...classifier], cues);
  }

  /**
   * What lowers the classifier's verdict of `category`, short of certainty: the frame that lowered a
   * rule, or a negation of the same kind of crisis (it is the finding's own: "ik wil niet dood" says
   * nothing of the cutting beside it). A rule the classifier did not confirm says nothing against it.
   */
  classifierLoweredBy(rules: readonly RiskMatch[], scores: Scores, category: RiskCategory): RiskMatch['loweredBy'] {
    if (scores.crisis >= this.options.model.header.thresholds.certain) return undefined;
    return rules.find((m) => m.loweredBy !== undefined && m.loweredBy !== 'unconfirmed' && (m.loweredBy !== 'negation' || m.category === category))?.loweredBy;
  }

  private ruleMatches(signals: Signals): RiskMatch[] {
    const matches = detectSituations(signals).map((f) => this.lowered(signals, f));
    const hopeless = signals.first('HOPELESS');
    if (hopeless) matches.push({ ruleId: 'distress.words', category: 'distress', level: 'elevated', phrase: this.phraseAt(signals, hopeless.at), layer: 'lexicon' });
    return matches;
  }

  /** Negation before the trigger, or a harmless frame around it, lowers a finding to elevated. */
  private lowered(signals: Signals, finding: Finding): RiskMatch {
    const match: RiskMatch = {
      ruleId: finding.detector,
      category: finding.category,
      level: finding.level,
      phrase: this.phraseAt(signals, finding.place.at),
      layer: 'situation',
    };
    const { sentence } = finding.place;
    let by: RiskMatch['loweredBy'];
    // "Eight months without self-harm, and yesterday I cut again": a relapse is not negated.
    const negated = !finding.carriesNegation && !signals.againAbout(finding.place) && (signals.negatedBefore(finding.place) || this.negatedAfter(signals, finding));
    // "Not planning to be here for it" is the finding's own negation, no reassurance ("no plans to end my life").
    const ownNegation = finding.carriesNegation && !DENIED_ACTS.some((c) => signals.inSentence(sentence, c));
    const reassured = signals.positions('NEG_STRONG').some((p) => signals.placeAt(p).sentence === sentence && !(ownNegation && Math.abs(p - finding.place.at) <= 1));
    if (negated || reassured) by = 'negation';
    else if (this.toldAsRecovered(signals, finding)) by = 'past';
    // How far a frame reaches is marked by the lexicon (a phrase: the sentences either side too).
    // Asking what to do never lowers something happening now ("my friend took 40 pills, what do I do?").
    // A death arranged with doctors ("her GP and a second doctor approved her request") is care, unless it is set for tonight.
    // A joke with the weapon already in the bag is no joke ("ga ik hem unaliven 💀, het mes zit al in mijn tas").
    else by = FRAMES.find((kind) => kind !== 'past' && !(kind === 'support' && this.needsMoreThanSupport(signals, finding)) && !(kind === 'care' && signals.upcomingIn(sentence)) && !(kind === 'hyperbole' && this.armed(signals, sentence)) && signals.framed(kind, sentence));
    return by ? { ...match, level: 'elevated', loweredBy: by } : match;
  }

  /** A means in hand in this sentence: "the knife is already in my bag". */
  private armed(signals: Signals, sentence: number): boolean {
    return signals.positions('MEANS').some((p) => signals.placeAt(p).sentence === sentence && signals.besides(signals.placeAt(p), 'ACQUIRE'));
  }

  /**
   * Asking what to do never lowers something happening now ("my friend took 40 pills, what do I
   * do?"), nor the writer's own wish ("every morning I'm disappointed I'm still here. Is that normal?").
   */
  private needsMoreThanSupport(signals: Signals, { level, detector, place }: Finding): boolean {
    return level === 'imminent' || (OWN_WISH.has(detector) && signals.inSentence(place.sentence, 'SELF') && !signals.inSentence(place.sentence, 'OTHER_ACTOR'));
  }

  /**
   * Dutch puts the negation after the verb and its object: "ik snij mezelf niet meer", "ik spring
   * heus niet". Only for acts (self-harm, a place): "ik wil dood, niet meer wakker worden" is a wish.
   */
  private negatedAfter(signals: Signals, finding: Finding): boolean {
    if (signals.language !== 'nl' || !(finding.category === 'self_harm' || finding.detector === 'suicide.place')) return false;
    return signals.negatedAfter(finding.place);
  }

  /** A recovery story anywhere, or the past ("years ago", "vroeger") around it, and nothing happening again or now. */
  private toldAsRecovered(signals: Signals, { place, carriesPast, detector }: Finding): boolean {
    const { sentence } = place;
    // "A year clean, and last night I did it again", "years ago I tried; tonight I will"; but not
    // "in 2019 I made an attempt, now I'm studying again".
    if (signals.againAbout(place) || signals.upcomingIn(sentence)) return false;
    // A story of recovery says when it was bad and that it is better now ("vroeger…, nu ben ik clean").
    // Signs in a body now are nobody's story: "19 years sober, and my sponsee is breathing really slow".
    if (detector !== 'overdose.danger-signs' && signals.framedAnywhere('recovery') && signals.framedAnywhere('past')) return true;
    return !carriesPast && signals.framed('past', sentence);
  }

  /** A greeting or a one-word reply says too little for the classifier alone to flag distress. */
  private classifierMatches(scores: Scores, words: number, language: Language): RiskMatch[] {
    const { thresholds } = this.options.model.header;
    const matches: RiskMatch[] = [];
    const surest = raisingScore(scores);
    if (surest >= thresholds.crisis[language]) {
      const category = surestCategory(scores);
      const level: Severity = scores.imminent >= thresholds.imminent ? 'imminent' : 'high';
      matches.push({ ruleId: `classifier.${category}`, category, level, phrase: surest.toFixed(2), layer: 'classifier' });
    } else if (scores.distress >= thresholds.distress && words >= 3) {
      matches.push({ ruleId: 'classifier.distress', category: 'distress', level: 'elevated', phrase: scores.distress.toFixed(2), layer: 'classifier' });
    }
    return matches;
  }

  /** The highest level any layer gives wins; categories of the matches at that level first. */
  private summarise(matches: RiskMatch[], cues: boolean): RiskAssessment {
    // Most messages: nothing matched.
    if (matches.length === 0) return { level: 'none', categories: [], matches, version: this.version, modelVersion: this.modelVersion, cues };
    const level = matches.reduce<RiskLevel>((max, m) => higher(max, m.level), 'none');
    const categories = [...new Set(matches.filter((m) => m.level === level).map((m) => m.category))];
    return { level, categories: categories.sort(), matches, version: this.version, modelVersion: this.modelVersion, cues };
  }

  private phraseAt(signals: Signals, at: number): string {
    return [signals.token(at - 1), signals.token(at), signals.token(at + 1), signals.token(at + 2)].filter(Boolean).join(' ');
  }
}
