import type { RiskCategory, Severity } from './categories.js';
import type { Place, Signals } from './signals.js';

/** What a detector saw. */
export interface Finding {
  category: RiskCategory;
  level: Severity;
  /** The detector's name, e.g. `overdose.quantity`. */
  detector: string;
  place: Place;
  /** This detector's trigger is a negation itself ("don't want to live"): the negation filter does not apply. */
  carriesNegation?: boolean;
  /** This detector's trigger speaks of the past itself ("the amount I used to"): only a story of recovery lowers it, not a past word. */
  carriesPast?: boolean;
}

/** A small function that recognises one situation in a message's concepts. */
export type Detector = (s: Signals) => Finding | undefined;

export const find = (category: RiskCategory, detector: string, level: Severity, place: Place | undefined, carriesNegation = false): Finding | undefined =>
  place ? { category, detector, level, place, ...(carriesNegation ? { carriesNegation } : {}) } : undefined;

/** Saving up, hiding, laying out: acquiring as a preparation, not a purchase. */
export const hoarding = (s: Signals) =>
  s.positions('ACQUIRE').some(
    (p) =>
      /^(?:sav|stockpil|hoard|gespard|spar|verzamel|opgespard|bewar|colect|gather|hid|stash|verstopt|klargelegd|klargezet|laid|lined|counted|geteld|uitgestald)/.test(s.token(p) ?? '') ||
      // "Keeping back tablets from every prescription" (collapsed, as tokens arrive: "keeping" is "keping").
      (/^(?:kep|kept|keping)$/.test(s.token(p) ?? '') && /^(?:back|aside)$/.test(s.token(p + 1) ?? '')),
  );
