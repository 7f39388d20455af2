import type { HttpResults } from '../../shared/http.js';
import type { Identity } from '../auth/identity.js';
import { requireStaff } from '../auth/roles.js';
import type { RiskAssessor } from './risk-assessor.js';

/** What staff can do with the risk assessment itself. */
export class SafetyService {
  constructor(private readonly deps: { assessor: RiskAssessor }) {}

  /** How a text would be assessed, and which rules matched. Nothing is stored. */
  tryAssess(user: Identity, text: string): HttpResults['POST /api/safety/assess'] {
    requireStaff(user, 'try the risk assessment');
    const { level, categories, matches, version } = this.deps.assessor.assess(text);
    return { level, categories, matches, version };
  }
}
