import { riskRank, type RiskLevel } from '../../../shared/models.js';

/** What a crisis is about. `distress`: struggling, without a danger to life (elevated at most). */
export const RISK_CATEGORIES = ['suicide', 'self_harm', 'overdose', 'harm_to_others', 'abuse', 'distress'] as const;
export type RiskCategory = (typeof RISK_CATEGORIES)[number];
export const CRISIS_CATEGORIES = ['suicide', 'self_harm', 'overdose', 'harm_to_others', 'abuse'] as const satisfies readonly RiskCategory[];
export type CrisisCategory = (typeof CRISIS_CATEGORIES)[number];
export type Severity = Exclude<RiskLevel, 'none'>;

export const rank = riskRank;
export const higher = (a: RiskLevel, b: RiskLevel): RiskLevel => (rank(a) >= rank(b) ? a : b);
