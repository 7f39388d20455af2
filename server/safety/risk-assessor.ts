import { readFileSync } from 'node:fs';
import { z } from 'zod';

import { RISK_LEVELS, type RiskLevel } from '../../shared/models.js';

export { RISK_LEVELS, type RiskLevel };
export const RISK_CATEGORIES = ['suicide', 'self_harm', 'overdose', 'harm_to_others', 'abuse'] as const;
export type RiskCategory = (typeof RISK_CATEGORIES)[number];

export interface RiskMatch {
  ruleId: string;
  category: RiskCategory;
  level: RiskLevel;
  /** The rule's phrase that matched. */
  phrase: string;
}

export interface RiskAssessment {
  level: RiskLevel;
  categories: RiskCategory[];
  matches: RiskMatch[];
  /** The rules file's version, so every assessment can be traced to the rules that made it. */
  version: string;
}

const rulesFileSchema = z.object({
  version: z.string().min(1),
  rules: z.array(
    z.object({
      id: z.string().min(1),
      category: z.enum(RISK_CATEGORIES),
      level: z.enum(['elevated', 'high', 'imminent']),
      negatable: z.boolean().optional(),
      pastTense: z.boolean().optional(),
      phrases: z.array(z.string().min(1)).min(1),
    }),
  ),
  negations: z.array(z.string().min(1)),
  pastMarkers: z.array(z.string().min(1)),
  idioms: z.array(z.string().min(1)),
});
export type RiskRulesFile = z.infer<typeof rulesFileSchema>;

export const DEFAULT_RULES_FILE = new URL('./risk-rules.json', import.meta.url);

export function loadRiskRules(file: string | URL = DEFAULT_RULES_FILE): RiskRulesFile {
  return rulesFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

// Words people bend: slang, euphemisms, common misspellings. Applied after the rest of normalising,
// so written with repeated letters already collapsed ("wanna" is "wana" by then).
const REWRITES: Array<[RegExp, string]> = [
  [/\bwana\b/g, 'want to'],
  [/\bgona\b/g, 'going to'],
  [/\bkms\b/g, 'kil myself'],
  [/\bunalive\b/g, 'kil'],
  [/\bmy self\b/g, 'myself'],
  [/\bme zelf\b/g, 'mezelf'],
  [/\b(?:sucide|suicde|suiside|suicid|sucid|suiscide)\b/g, 'suicide'],
  [/\b(?:sucidal|suicdal|suisidal)\b/g, 'suicidal'],
  [/\bmyslef\b/g, 'myself'],
  [/\bzelfmort\b/g, 'zelfmord'],
];
const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's' };

/**
 * Lower case, no diacritics or apostrophes, leetspeak undone inside words, letters spaced out
 * ("k i l l") joined, runs of a repeated letter collapsed to one (on both sides of a match).
 */
export function normalise(text: string): string {
  let t = text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  t = t.replace(/[’'`´]/g, '');
  t = t.replace(/\S+/g, (word) => (/[a-z]/.test(word) && /[013457@$]/.test(word) ? word.replace(/[013457@$]/g, (c) => LEET[c]!) : word));
  t = t.replace(/\b(?:[a-z][ ._*-]){2,}[a-z]\b/g, (run) => run.replace(/[ ._*-]/g, ''));
  t = t.replace(/[^a-z0-9\n.!?;]+/g, ' ');
  t = t.replace(/([a-z])\1+/g, '$1');
  for (const [pattern, replacement] of REWRITES) t = t.replace(pattern, replacement);
  return t.replace(/ +/g, ' ');
}

/** A rule phrase normalised like the text it is matched against; `*` stays a wildcard. */
const collapse = (phrase: string) =>
  phrase
    .split(/\s+/)
    .map((word) => (word === '*' ? '*' : normalise(word).replace(/[.!?;\n]/g, ' ').trim()))
    .filter(Boolean)
    .join(' ');

/** A phrase as a regex source: whole words, `*` for up to three words. */
function phraseSource(phrase: string): string {
  return collapse(phrase)
    .split(' ')
    .map((word) => (word === '*' ? '(?:[a-z0-9]+ ){0,3}' : `${word.replace(/[^a-z0-9]/g, '')} `))
    .join('')
    .replace(/ $/, '')
    .replace(/ \(\?:/g, ' (?:')
    .replace(/\{0,3\}(?=[a-z0-9])/g, '{0,3}');
}

// Words too common to tell a message apart; a phrase's anchor is its longest word not among them.
const COMMON = new Set(
  (
    'i a an the to it all my me is in on of off and or im dont want going have has just make take end life wish way with without would ' +
    'everyone better many no not now so this that be am are was were can cant do ik wil het een de niet meer te op ga heb ben wou self denk ' +
    'er aan van mijn mij dat dit zijn naar om en maar ook nog al dan weer kan wel voor met'
  )
    .split(' ')
    .map((w) => normalise(w).trim()),
);

interface CompiledRule {
  id: string;
  category: RiskCategory;
  level: RiskLevel;
  negatable: boolean;
  pastTense: boolean;
  phrase: string;
}

const rank = (level: RiskLevel) => RISK_LEVELS.indexOf(level);
const wordsRegex = (phrases: string[]) => new RegExp(`(?<![a-z0-9])(?:${phrases.map(phraseSource).join('|')})(?![a-z0-9])`, 'g');

/**
 * Scores text by the rules file: every phrase that matches, unless a negation stands just before
 * it, an idiom covers it, or (for past-tense-sensitive rules) its sentence tells of the past.
 * All phrases run as one regex, so a message costs a few microseconds.
 */
export class RiskAssessor {
  readonly version: string;
  private readonly phrases: CompiledRule[];
  private readonly matcher: RegExp;
  private readonly idioms: RegExp;
  private readonly negation: RegExp;
  private readonly past: RegExp;
  /** Each phrase's longest word: text with none of them cannot match any phrase. */
  private readonly anchors: Set<string>;

  constructor(rules: RiskRulesFile = loadRiskRules()) {
    this.version = rules.version;
    // Highest levels first: at one position the most serious phrase wins.
    const ordered = [...rules.rules].sort((a, b) => rank(b.level) - rank(a.level));
    this.phrases = ordered.flatMap((r) =>
      r.phrases.map((phrase) => ({ id: r.id, category: r.category, level: r.level, negatable: r.negatable ?? false, pastTense: r.pastTense ?? false, phrase })),
    );
    // One capture group per phrase, inside a lookahead: overlapping phrases are all found.
    this.matcher = new RegExp(`(?<![a-z0-9])(?=${this.phrases.map((p) => `(${phraseSource(p.phrase)})(?![a-z0-9])`).join('|')})`, 'g');
    this.idioms = wordsRegex(rules.idioms);
    this.negation = new RegExp(`(?<![a-z0-9])(?:${rules.negations.map(phraseSource).join('|')})(?![a-z0-9])`);
    this.anchors = new Set(
      this.phrases.map((p) => {
        const words = collapse(p.phrase)
          .split(' ')
          .filter((w) => w !== '*');
        const distinctive = words.filter((w) => !COMMON.has(w));
        return (distinctive.length > 0 ? distinctive : words).reduce((longest, w) => (w.length > longest.length ? w : longest), '');
      }),
    );
    this.past = new RegExp(`(?<![a-z0-9])(?:${rules.pastMarkers.map(phraseSource).join('|')})(?![a-z0-9])`);
  }

  assess(text: string): RiskAssessment {
    const matches = new Map<string, RiskMatch>();
    const normalised = normalise(text);
    if (!normalised.split(/[^a-z0-9]+/).some((word) => this.anchors.has(word))) {
      return { level: 'none', categories: [], matches: [], version: this.version };
    }
    for (const sentence of normalised.split(/[.!?;\n]+/)) {
      const s = sentence.trim();
      if (s) this.assessSentence(s, matches);
    }
    const found = [...matches.values()];
    const level = found.reduce<RiskLevel>((max, m) => (rank(m.level) > rank(max) ? m.level : max), 'none');
    const categories = [...new Set(found.map((m) => m.category))].sort() as RiskCategory[];
    return { level, categories, matches: found, version: this.version };
  }

  private assessSentence(sentence: string, into: Map<string, RiskMatch>) {
    const idiomSpans = [...sentence.matchAll(this.idioms)].map((m) => [m.index, m.index + m[0].length] as const);
    const tellsOfPast = this.past.test(sentence);
    for (const hit of sentence.matchAll(this.matcher)) {
      const group = hit.findIndex((g, i) => i > 0 && g !== undefined);
      const rule = this.phrases[group - 1];
      if (!rule) continue;
      const start = hit.index;
      const end = start + hit[group]!.length;
      if (idiomSpans.some(([a, b]) => a < end && start < b)) continue;
      if (rule.pastTense && tellsOfPast) continue;
      if (rule.negatable) {
        const before = sentence.slice(0, start).trim().split(' ').slice(-3).join(' ');
        if (this.negation.test(before)) continue;
      }
      const key = `${rule.id}\u0000${rule.phrase}`;
      if (!into.has(key)) into.set(key, { ruleId: rule.id, category: rule.category, level: rule.level, phrase: rule.phrase });
    }
  }
}
