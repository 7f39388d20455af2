import type { EscalationPolicy } from '../../shared/http.js';
import type { Store } from '../store/store.js';

export const DEFAULT_POLICY: EscalationPolicy = {
  tiers: [{ name: 'On call', target: 'on-call', ackTimeoutSec: 60 }],
  repeats: 2,
  realertSec: 900,
};

/** The stored policy, or the default one. */
export async function currentPolicy(store: Store): Promise<EscalationPolicy> {
  return (await store.policies.get()) ?? DEFAULT_POLICY;
}
