import { fromArea } from './lazy.js';

/** Availability, caseload and incoming offers, above every specialist screen (Bar.tsx, loaded on first use). */
export const SpecialistBar = fromArea((a) => a.Bar);
