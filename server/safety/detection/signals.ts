import type { ConceptHits, FilterKind, Language } from './lexicon.js';
import { collapse } from './text.js';

// "Today", "just" and "already" say little; these say now.
export const SOON = /^(?:tonight|tonite|now|rn|vanacht|vanavond|nu|straks|zometen|asap|vandaag|meteen|direct)$/;

// Collapsed, as tokens arrive: "jaar" is "jar".
const SPANS = new Set(['jaar', 'jaren', 'maand', 'maanden', 'week', 'weken', 'dag', 'dagen', 'tijd', 'tijdje'].map(collapse));
// Concepts that are grammar, not content: pairing them with frames says nothing.
const NOT_CONTENT = new Set(['SELF', 'OTHER', 'OTHER_ACTOR', 'NEGATION', 'NOT_ANYMORE', 'QUESTION', 'PRESENT', 'NOW', 'WANT', 'REFLEXIVE']);
const NOW_CLAUSE = new Set(['nu', 'now', 'today', 'vandaag', 'these', 'tegenwoordig', 'inmiddels'].map(collapse));
// "Not to", "niet om": what follows is a reason.
const PURPOSE = new Set(['to', 'om', 'omdat', 'because', 'cause', 'cos', 'coz', 'cuz'].map(collapse));
const MY = new Set(['my', 'our', 'mijn', 'mn', 'onze']);
const CLAUSE = new Set(['and', 'en', 'but', 'maar', 'then', 'dan', 'so', 'dus']);
const UPCOMING = new Set(['tonight', 'tonite', 'rn', 'vannacht', 'vanavond', 'straks', 'zometeen', 'asap', 'meteen'].map(collapse));

/** Where a detector found its signal: the sentence and the first token of the trigger. */
export interface Place {
  sentence: number;
  at: number;
}

/**
 * Questions detectors ask of a message's concepts: is it there, in one sentence with another,
 * in this order. Each answer walks the (short) position lists once.
 */
export class Signals {
  readonly language: Language;

  constructor(private readonly hits: ConceptHits) {
    this.language = hits.language;
  }

  /** Every concept found, and every frame marked, in the message. */
  found(): { concepts: string[]; frames: string[] } {
    return { concepts: [...this.hits.at.keys()].sort(), frames: [...this.hits.filters.keys()].sort() };
  }

  /** Each concept with each frame marked in its sentence, and with a negation just before it. */
  framedConcepts(): Array<[string, string]> {
    const pairs: Array<[string, string]> = [];
    for (const [concept, positions] of this.hits.at) {
      if (NOT_CONTENT.has(concept)) continue;
      const sentences = new Set(positions.map((p) => this.hits.sentenceOf[p]!));
      for (const [kind, marked] of this.hits.filters) if ([...sentences].some((n) => marked.has(n))) pairs.push([concept, kind]);
      if (this.negatedBefore(this.placeAt(positions[0]!))) pairs.push([concept, 'negation']);
    }
    return pairs;
  }

  /** The concept somewhere not denied just before it: "for the garden" counts, "not for the garden" does not. */
  hasUnnegated(concept: string): boolean {
    return this.positions(concept).some((p) => !this.positions('NEGATION').some((n) => n < p && p - n <= 3 && this.hits.sentenceOf[n] === this.hits.sentenceOf[p]));
  }

  has(concept: string): boolean {
    return this.hits.at.has(concept);
  }

  /** Whether any of these concepts is found: walks whichever is shorter, the set or what was found (often nothing). */
  hasAny(concepts: ReadonlySet<string>): boolean {
    const { at } = this.hits;
    if (at.size < concepts.size) {
      for (const c of at.keys()) if (concepts.has(c)) return true;
      return false;
    }
    for (const c of concepts) if (at.has(c)) return true;
    return false;
  }


  positions(concept: string): readonly number[] {
    return this.hits.at.get(concept) ?? [];
  }

  /** Every place the concept is found, in order. */
  places(concept: string): Place[] {
    return this.positions(concept).map((p) => this.placeAt(p));
  }

  /** Someone else (OTHER_ACTOR) named within `within` tokens before token `at`: "he swallowed", "mijn moeder wil dood". */
  someoneBefore(at: number, within: number): boolean {
    return this.positions('OTHER_ACTOR').some((p) => p < at && at - p <= within);
  }

  first(concept: string): Place | undefined {
    const at = this.positions(concept)[0];
    return at === undefined ? undefined : { at, sentence: this.hits.sentenceOf[at]! };
  }

  /** The first sentence in which every concept occurs (within `spread` sentences of each other: 0 = the same one). */
  together(concepts: readonly string[], spread = 0): Place | undefined {
    const [lead, ...rest] = concepts;
    for (const at of this.positions(lead!)) {
      const sentence = this.hits.sentenceOf[at]!;
      if (rest.every((c) => this.positions(c).some((p) => Math.abs(this.hits.sentenceOf[p]! - sentence) <= spread))) return { at, sentence };
    }
    return undefined;
  }

  /** `a` then `b` in one sentence, at most `gap` tokens apart (only a pair that `accept` takes, when given). */
  ordered(a: string, b: string, gap = 6, accept?: (i: number, j: number) => boolean): Place | undefined {
    for (const i of this.positions(a)) {
      for (const j of this.positions(b)) {
        if (j > i && j - i <= gap && this.hits.sentenceOf[i] === this.hits.sentenceOf[j] && (!accept || accept(i, j))) return { at: i, sentence: this.hits.sentenceOf[i]! };
      }
    }
    return undefined;
  }

  /** `concept` within `gap` tokens of `place`, either side, in its sentence. */
  near(place: Place, concept: string, gap = 4): boolean {
    return this.positions(concept).some((p) => Math.abs(p - place.at) <= gap && this.hits.sentenceOf[p] === place.sentence);
  }

  /** `concept` in the sentence of `place` or within `sentences` of it: "the child … the pills" told in two breaths. */
  besides(place: Place, concept: string, sentences = 1): boolean {
    return this.positions(concept).some((p) => Math.abs(this.hits.sentenceOf[p]! - place.sentence) <= sentences);
  }

  /** Tonight, right now, straks in that sentence: "now" alone is how recovery stories end ("now I'm clean"). */
  upcomingIn(sentence: number): boolean {
    return this.positions('NOW').some((p) => this.hits.sentenceOf[p] === sentence && UPCOMING.has(this.hits.tokens[p] ?? ''));
  }

  /** A negation that is the trigger's own words ("niks eten", "geen seks dan geen werk"): at it, or `before`/`after` tokens either side, in its sentence. */
  negationOf(place: Place, before: number, after: number): boolean {
    return this.positions('NEGATION').some((p) => p >= place.at - before && p <= place.at + after && this.hits.sentenceOf[p] === place.sentence);
  }

  /** A negation (or "niet meer") in the few tokens after the trigger, in its sentence. */
  negatedAfter(place: Place, within = 2): boolean {
    return this.positions('NEGATION').some((p) => p > place.at && p - place.at <= within && this.hits.sentenceOf[p] === place.sentence);
  }

  /** The first token from `before` tokens ahead of the place to `after` past it (not the place itself), in its sentence, that `matches` accepts. */
  wordAround(place: Place, matches: (word: string, at: number) => boolean, before: number, after: number): number | undefined {
    for (let q = Math.max(0, place.at - before); q <= place.at + after && q < this.hits.tokens.length; q++) {
      if (q !== place.at && this.hits.sentenceOf[q] === place.sentence && matches(this.hits.tokens[q]!, q)) return q;
    }
    return undefined;
  }

  /** "Again" in the trigger's sentence, unless a "now" stands between them ("in 2019 I tried, now I study again"). */
  againAbout(place: Place): boolean {
    return this.positions('AGAIN').some((p) => {
      // "Vier jaar terug" is four years ago, not "again".
      if (this.hits.sentenceOf[p] !== place.sentence || (this.hits.tokens[p] === 'terug' && SPANS.has(this.hits.tokens[p - 1] ?? ''))) return false;
      // "That was my last night using": the last time, not a relapse last night.
      if (this.hits.tokens[p] === 'last' && MY.has(this.hits.tokens[p - 1] ?? '')) return false;
      // "Werd pas op de intensive care weer wakker": waking up, not doing it again.
      if (this.positions('WAKE').includes(p + 1)) return false;
      // "Not starting again", "won't do it again": again, denied.
      if (this.positions('NEGATION').some((n) => n < p && p - n <= 2)) return false;
      // But "5 jaar clean van snijden en nu weer elke avond": a now right before "again" is that clause's own.
      for (let q = Math.min(p, place.at) + 1; q < Math.max(p, place.at); q++) if (q !== p - 1 && NOW_CLAUSE.has(this.hits.tokens[q] ?? '')) return false;
      return true;
    });
  }

  inSentence(sentence: number, concept: string): boolean {
    return this.positions(concept).some((p) => this.hits.sentenceOf[p] === sentence);
  }

  /** The place of token `i`. */
  placeAt(i: number): Place {
    return { at: i, sentence: this.hits.sentenceOf[i] ?? 0 };
  }

  tokenCount(): number {
    return this.hits.tokens.length;
  }

  token(i: number): string | undefined {
    return this.hits.tokens[i];
  }

  /** Markers of a harmless frame (media, training, past, …) in that sentence. */
  framed(kind: FilterKind, sentence: number): boolean {
    return this.hits.filters.get(kind)?.has(sentence) ?? false;
  }

  /** Markers of that frame anywhere in the message. */
  framedAnywhere(kind: FilterKind): boolean {
    return (this.hits.filters.get(kind)?.size ?? 0) > 0;
  }

  /**
   * A negation in the few tokens before the trigger or just inside it ("I don't want to die",
   * "ik wil niet dood"), in its sentence; "niet meer" and "no longer" are not negations of what follows.
   */
  negatedBefore(place: Place, within = 3): boolean {
    return this.positions('NEGATION').some(
      (p) =>
        p - place.at < 2 &&
        place.at - p <= within &&
        this.hits.sentenceOf[p] === place.sentence &&
        !this.positions('NOT_ANYMORE').includes(p) &&
        // The trigger's own word ("zonder pijn", "without pain") denies nothing of it.
        p !== place.at &&
        // A new clause between them ends the denial: "eet dan niks en sla mezelf".
        !this.hits.tokens.slice(p + 1, place.at).some((t) => CLAUSE.has(t)) &&
        // Just after the trigger, a denied reason leaves the act standing: "took the strip, not to die but to sleep".
        !(p > place.at && PURPOSE.has(this.hits.tokens[p + 1] ?? '')),
    );
  }
}
