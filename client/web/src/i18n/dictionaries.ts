import * as admin from './admin.js';
import * as clinician from './clinician.js';
import * as core from './core.js';
import * as mentee from './mentee.js';
import * as specialist from './specialist.js';

/**
 * Every sentence of the app, per language; each area keeps its own file (same keys in both
 * languages, checked by the compiler and test/unit/i18n.test.ts). No DOM here, so Node can import it.
 */
export const dictionaries = {
  en: { ...core.en, ...mentee.en, ...specialist.en, ...clinician.en, ...admin.en },
  nl: { ...core.nl, ...mentee.nl, ...specialist.nl, ...clinician.nl, ...admin.nl },
};
