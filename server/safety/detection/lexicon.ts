import { readFileSync } from 'node:fs';
import { StemmerEn } from '@nlpjs/lang-en-min';
import { StemmerNl } from '@nlpjs/lang-nl';
import { z } from 'zod';
import { collapse, type PreparedText } from './text.js';

// When the rules were written, `year.month.n`: its year also tells which years a message mentions are past.
const VERSION = /^(\d{4})\.\d{1,2}\.\d+$/;
const VERSION_MESSAGE = 'a lexicon version is year.month.n, as 2026.11.10';

const lexiconFileSchema = z.object({
  version: z.string().regex(VERSION, VERSION_MESSAGE),
  concepts: z.record(z.string().regex(/^[A-Z_]+$/), z.array(z.string().min(1)).min(1)),
  allow: z.array(z.string().min(1)),
  phrases: z.object({
    past: z.array(z.string().min(1)),
    media: z.array(z.string().min(1)),
    training: z.array(z.string().min(1)),
    support: z.array(z.string().min(1)),
    hyperbole: z.array(z.string().min(1)),
    idiom: z.array(z.string().min(1)),
    care: z.array(z.string().min(1)),
    recovery: z.array(z.string().min(1)),
  }),
});
export type LexiconFile = z.infer<typeof lexiconFileSchema>;
export type Language = 'en' | 'nl';
export type FilterKind = keyof LexiconFile['phrases'];

/** Reads and checks a lexicon file; the error names the file. */
export function loadLexiconFile(file: string | URL): LexiconFile {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`The risk lexicon ${String(file)} cannot be read: ${(err as Error).message}`);
  }
  const parsed = lexiconFileSchema.safeParse(raw);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => i.path.join('.') || '(root)').join(', ');
    throw new Error(`The risk lexicon ${String(file)} is malformed (${where})`);
  }
  return parsed.data;
}

interface Entry {
  concept: string;
  language?: Language;
}
interface MultiWord extends Entry {
  words: string[];
}

/** Every concept found in a message: where (token index across the message) and in which sentence. */
export interface ConceptHits {
  language: Language;
  /** Tokens, sentence by sentence; `sentenceOf[i]` is token i's sentence. */
  tokens: string[];
  sentenceOf: number[];
  sentenceCount: number;
  /** concept → token indices where it starts. */
  at: Map<string, number[]>;
  /** filter kind → sentences that carry its markers. */
  filters: Map<FilterKind, Set<number>>;
}

const MAX_TOKEN = 40;
const MAX_POSITIONS = 32;
// Function words, and the days and times chat names: enough to tell Dutch with English slang ("account leeg, margin call vrijdag") from English.
const EN_WORDS = new Set(
  'i the to and my is it not you me a of im dont just so this that what have be can with was am are like want feel about its gonna wanna do know really he she they will would for on at if when why because never always there your him them today tonight tomorrow monday tuesday wednesday thursday friday saturday sunday'.split(' '),
);
const NL_WORDS = new Set(
  'ik het de een en niet je mijn is dat wat ben heb er op te van me mij maar zo nog wel ook met ga wil dan voor nie ni ge gij zijn k mn echt gewoon hij ze zij jij hem geen meer nu naar bij uit als omdat nooit altijd vandaag vanavond vannacht morgen gisteren maandag dinsdag woensdag donderdag vrijdag zaterdag zondag klaar leeg alles niks'.split(' '),
);

/**
 * The concepts of the lexicon file, compiled to lookups: exact keys, prefixes and Dutch compound
 * tails, each a Map, so a token costs a few lookups whatever the lexicon's size.
 */
export class Lexicon {
  readonly version: string;
  /** The rules' own year: a year before it is past. Read from the version, never from the clock, so an assessment and the model trained on it do not change on New Year's Day. */
  private readonly year: number;
  readonly concepts: ReadonlySet<string>;
  private readonly exact = new Map<string, Entry[]>();
  private readonly prefix = new Map<string, Entry[]>();
  private readonly tail = new Map<string, Entry[]>();
  private readonly multi = new Map<string, MultiWord[]>();
  private readonly allow: Set<string>;
  private readonly filterPhrases = new Map<string, Array<{ kind: FilterKind; words: string[] }>>();
  private readonly prefixLengths: number[];
  private readonly tailLengths: number[];
  private readonly en = new StemmerEn();
  private readonly nl = new StemmerNl();
  private readonly byToken = new Map<string, Entry[]>();

  constructor(file: LexiconFile) {
    this.version = file.version;
    const year = VERSION.exec(file.version)?.[1];
    if (year === undefined) throw new Error(`${VERSION_MESSAGE}, not ${JSON.stringify(file.version)}`);
    this.year = Number(year);
    this.concepts = new Set(Object.keys(file.concepts));
    this.allow = new Set(file.allow.map(normaliseWord));
    for (const [concept, entries] of Object.entries(file.concepts)) {
      for (const raw of entries) this.add(concept, raw);
    }
    // Only the lengths some entry has are worth a lookup.
    this.prefixLengths = [...new Set([...this.prefix.keys()].map((k) => k.length))].sort((a, b) => b - a);
    this.tailLengths = [...new Set([...this.tail.keys()].map((k) => k.length))].sort((a, b) => b - a);
    for (const [kind, phrases] of Object.entries(file.phrases) as Array<[FilterKind, string[]]>) {
      for (const phrase of phrases) {
        const words = phrase.split(/\s+/).map((w) => collapse(normaliseWord(w))).filter(Boolean);
        if (words.length === 0) continue;
        const list = this.filterPhrases.get(words[0]!) ?? [];
        list.push({ kind, words });
        this.filterPhrases.set(words[0]!, list);
      }
    }
  }

  private add(concept: string, raw: string) {
    const [text, lang] = raw.split('@') as [string, string | undefined];
    const entry: Entry = { concept, ...(lang === 'en' || lang === 'nl' ? { language: lang } : {}) };
    const words = text.split(/\s+/).filter(Boolean);
    if (words.length > 1) {
      const normalised = words.map((w) => collapse(normaliseWord(w)));
      const list = this.multi.get(normalised[0]!) ?? [];
      list.push({ ...entry, words: normalised });
      this.multi.set(normalised[0]!, list);
      return;
    }
    const word = words[0]!;
    const plain = normaliseWord(word.replace(/^\*|\*$/g, ''));
    const target = word.startsWith('*') ? this.tail : word.endsWith('*') ? this.prefix : this.exact;
    // Collapsed too ("pillen" meets "pilen"), unless that makes a short word another ("heet" is not "het", "zoon" not "zon").
    const folded = collapse(plain);
    for (const key of folded === plain || folded.length < 5 ? [plain] : [plain, folded]) {
      const list = target.get(key) ?? [];
      list.push(entry);
      target.set(key, list);
    }
  }

  /**
   * Every single-word entry a token meets: through itself, its English stem and its Dutch stem, as
   * written and collapsed; exactly, by prefix, or as a Dutch compound's tail. Cached: chat repeats its words.
   */
  private entriesOf(token: string): readonly Entry[] {
    // Numbers have no stems or compounds (and every timestamp would fill the cache).
    if (STARTS_WITH_DIGIT.test(token)) return this.exact.get(token) ?? NONE;
    let entries = this.byToken.get(token);
    if (entries) return entries;
    const nl = this.nl.stem(token);
    // Dutch plurals voice a final f or s: "brieven" is "brief", "graven" "graf", "huizen" "huis".
    const unvoiced = nl.endsWith('v') ? `${nl.slice(0, -1)}f` : nl.endsWith('z') ? `${nl.slice(0, -1)}s` : nl;
    const forms = [token, this.en.stem(token), nl, unvoiced];
    const found = new Set<Entry>();
    for (const key of new Set([...forms, ...forms.map(collapse)])) {
      for (const e of this.exact.get(key) ?? []) found.add(e);
      for (const n of this.prefixLengths) {
        if (n > key.length) continue;
        for (const e of this.prefix.get(key.slice(0, n)) ?? []) found.add(e);
      }
      // Dutch compounds end in their head word: slaappillen, treinsporen, afscheidsbrief.
      for (const n of this.tailLengths) {
        if (key.length - n < 3) continue;
        for (const e of this.tail.get(key.slice(key.length - n)) ?? []) found.add(e);
      }
    }
    entries = [...found];
    if (this.byToken.size >= 50_000) this.byToken.clear();
    this.byToken.set(token, entries);
    return entries;
  }

  /** Finds every concept and filter marker in a prepared message. Linear in its number of tokens. */
  scan(text: PreparedText): ConceptHits {
    const tokens: string[] = [];
    const sentenceOf: number[] = [];
    const { sentences } = text;
    for (let s = 0; s < sentences.length; s++) {
      for (const token of sentences[s]!) {
        tokens.push(token.length > MAX_TOKEN ? token.slice(0, MAX_TOKEN) : token);
        sentenceOf.push(s);
      }
    }
    const language = guessLanguage(tokens);
    const collapsed: string[] = [];
    for (const t of tokens) collapsed.push(DOUBLED.test(t) ? collapse(t) : t);
    const at = new Map<string, number[]>();
    const filters = new Map<FilterKind, Set<number>>();
    const earnest = new Set<number>();
    // Plain loops and module functions, no closures: this runs on every message.
    for (let i = 0; i < tokens.length; i++) {
      const token = collapsed[i]!;
      for (const phrase of this.multi.get(token) ?? NONE) {
        if (fits(phrase, language) && matchesAt(collapsed, i, phrase.words, sentenceOf)) mark(at, phrase.concept, i);
      }
      // "No joke", "geen grapje", "not in a film", "not even joking": a frame denied is no frame.
      const denied = !token.startsWith('emo') && (deniedAt(collapsed, sentenceOf, i, 1) || (EVEN.has(collapsed[i - 1] ?? '') && deniedAt(collapsed, sentenceOf, i, 2)));
      if (denied && this.filterPhrases.get(token)?.some((phrase) => phrase.kind === 'hyperbole' && matchesAt(collapsed, i, phrase.words, sentenceOf))) earnest.add(sentenceOf[i]!);
      for (const phrase of denied ? NONE : (this.filterPhrases.get(token) ?? NONE)) {
        if (phrase.kind === 'past' && (comparesWithPast(collapsed, i, sentenceOf) || sinceThen(collapsed, i, sentenceOf))) continue;
        if (phrase.kind === 'training' && afterPractice(collapsed, i)) continue;
        // "The guy from the game": where someone was met, not what the message is about.
        if (phrase.kind === 'media' && MET_VIA.has(collapsed[i - 1] ?? '')) continue;
        if (matchesAt(collapsed, i, phrase.words, sentenceOf)) {
          const set = filters.get(phrase.kind) ?? new Set<number>();
          const sentence = sentenceOf[i]!;
          set.add(sentence);
          // A phrase frames the sentences either side too ("Great course today. We practised asking
          // about suicide."); a single word ("film", "les") only its own: "watched a film last night.
          // now i want to die" is no film.
          if (phrase.words.length > 1) set.add(sentence + 1).add(Math.max(0, sentence - 1));
          filters.set(phrase.kind, set);
        }
      }
      // A year gone by ("in 2019") tells of the past.
      if (YEAR.test(token) && Number(token) < this.year) {
        const set = filters.get('past') ?? new Set<number>();
        set.add(sentenceOf[i]!).add(sentenceOf[i]! + 1).add(Math.max(0, sentenceOf[i]! - 1));
        filters.set('past', set);
      }
      // The allow-list is checked on the token as written: collapsed, "pills" would be Dutch beer ("pils").
      if (this.allow.has(tokens[i]!)) continue;
      for (const e of this.entriesOf(tokens[i]!)) if (fits(e, language)) mark(at, e.concept, i);
    }
    markFigurativeOverdoses(at, filters, collapsed, sentenceOf);
    // A sentence that says it is no joke is meant, whatever laughs beside it ("not even joking this time 💀").
    for (const sentence of earnest) filters.get('hyperbole')?.delete(sentence);
    return { language, tokens: collapsed, sentenceOf, sentenceCount: sentences.length, at, filters };
  }
}

const ON = new Set(['on', 'op', 'aan']);
const MET_VIA = new Set(['from', 'via']);
const INTENT_BEFORE = new Set(['to', 'te', 'gonna', 'wanna', 'will', 'ill', 'going', 'ga', 'gaan', 'wil', 'want'].map(collapse));
// What may follow "overdose on" in earnest: a purpose, a day, a possessive or a pointer to the drug.
const NOT_AN_OBJECT = new Set(
  ['purpose', 'doel', 'my', 'mijn', 'mn', 'his', 'her', 'their', 'zijn', 'haar', 'it', 'them', 'this', 'that', 'these', 'those', 'dit', 'dat', 'deze', 'die', 'tonight', 'friday', 'saturday', 'sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'vrijdag', 'zaterdag', 'zondag', 'maandag', 'dinsdag', 'woensdag', 'donderdag', 'the', 'de', 'het', 'all', 'alles', 'everything'].map(collapse),
);

/** "Overdosed on Netflix", "OD'd on uni": an overdose of something that is no substance is a way of speaking. */
function markFigurativeOverdoses(at: Map<string, number[]>, filters: Map<FilterKind, Set<number>>, tokens: readonly string[], sentenceOf: readonly number[]) {
  const substance = new Set([...(at.get('PILLS') ?? []), ...(at.get('ALCOHOL') ?? [])]);
  for (const p of at.get('OVERDOSE') ?? []) {
    if (!ON.has(tokens[p + 1] ?? '') || sentenceOf[p + 2] !== sentenceOf[p] || NOT_AN_OBJECT.has(tokens[p + 2]!)) continue;
    // "Going to OD on …", "the quickest drug to od on": an intent, whatever follows.
    if (INTENT_BEFORE.has(tokens[p - 1] ?? '')) continue;
    if ([p + 2, p + 3, p + 4].some((q) => substance.has(q))) continue;
    const set = filters.get('hyperbole') ?? new Set<number>();
    filters.set('hyperbole', set.add(sentenceOf[p]!));
  }
}

const NONE: readonly never[] = [];
// Tokens arrive collapsed ("geen" is "gen"), so these are collapsed too.
const FRAME_DENIALS: ReadonlySet<string> = new Set(['no', 'not', 'never', 'geen', 'niet', 'nie', 'ni', 'nooit', 'isnt', 'aint', 'dont'].map(collapse));
// What may stand between a denial and the joke it denies: "not even joking", "not really kidding".
const EVEN: ReadonlySet<string> = new Set(['even', 'eens', 'echt', 'really'].map(collapse));

/** A denial `back` tokens before token `i`, in its sentence. */
function deniedAt(tokens: readonly string[], sentenceOf: readonly number[], i: number, back: number): boolean {
  return i >= back && sentenceOf[i - back] === sentenceOf[i] && FRAME_DENIALS.has(tokens[i - back]!);
}

// "Deeper than I used to", "the flat where I lived back then", "zoals vroeger": the past is what
// the present is measured against, not when it happens.
const COMPARED: ReadonlySet<string> = new Set(['than', 'as', 'like', 'where', 'dan', 'zoals', 'waar'].map(collapse));
const SUBJECTS: ReadonlySet<string> = new Set(['i', 'we', 'you', 'u', 'he', 'she', 'they', 'ik', 'k', 'je', 'jij', 'ge', 'gij', 'hij', 'zij', 'ze', 'wij'].map(collapse));

function comparesWithPast(tokens: readonly string[], i: number, sentenceOf: readonly number[]): boolean {
  for (let back = 1; back <= 2 && i - back >= 0 && sentenceOf[i - back] === sentenceOf[i]; back++) {
    const word = tokens[i - back]!;
    if (COMPARED.has(word)) return true;
    if (!SUBJECTS.has(word)) return false;
  }
  return false;
}
// "Since last year I've been saving them", "sinds Annie vorig jaar overleed spaar ik": ongoing since then, not over.
const SINCE: ReadonlySet<string> = new Set(['since', 'sinds', 'sind', 'sinsdien']);
const sinceThen = (tokens: readonly string[], i: number, sentenceOf: readonly number[]) => [1, 2, 3, 4, 5].some((k) => i - k >= 0 && sentenceOf[i - k] === sentenceOf[i] && SINCE.has(tokens[i - k]!));
// "Na de training ga ik weer snijden": practice as a time of day, not a course about the subject.
const AFTER: ReadonlySet<string> = new Set(['after', 'na', 'before', 'voor'].map(collapse));
const afterPractice = (tokens: readonly string[], i: number) => AFTER.has(tokens[i - 1] ?? '') || (['the', 'de'].includes(tokens[i - 1] ?? '') && AFTER.has(tokens[i - 2] ?? ''));
const DOUBLED = /([a-z])\1/;
const YEAR = /^(?:19[5-9]\d|20[0-2]\d)$/;
const STARTS_WITH_DIGIT = /^\d/;

const fits = (e: Entry, language: Language) => e.language === undefined || e.language === language;

function mark(at: Map<string, number[]>, concept: string, i: number) {
  const list = at.get(concept);
  if (!list) at.set(concept, [i]);
  // Detectors pair positions; a bounded list keeps a message of one word repeated linear.
  else if (list.at(-1) !== i && list.length < MAX_POSITIONS) list.push(i);
}

/** Multi-word entries match within one sentence; the last word may be a prefix when it ends in '*'. */
function matchesAt(tokens: string[], i: number, words: string[], sentenceOf: number[]): boolean {
  for (let k = 0; k < words.length; k++) {
    const token = tokens[i + k];
    if (token === undefined || sentenceOf[i + k] !== sentenceOf[i]) return false;
    const word = words[k]!;
    if (word.endsWith('*') ? !token.startsWith(word.slice(0, -1)) : token !== word) return false;
  }
  return true;
}

/** Lower case, no diacritics or apostrophes: how lexicon entries are written down to meet the tokens. */
function normaliseWord(word: string): string {
  return word
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’'`´]/g, '')
    .replace(/[^a-z0-9*]/g, '');
}

function guessLanguage(tokens: readonly string[]): Language {
  let en = 0;
  let nl = 0;
  for (const t of tokens) {
    if (EN_WORDS.has(t)) en++;
    if (NL_WORDS.has(t)) nl++;
  }
  return nl > en ? 'nl' : 'en';
}
