import type { EscalationPolicy, EscalationTier } from '../../shared/http.js';
import type { OnCallShift } from '../../shared/models.js';
import type { Store } from '../store/store.js';

/** Whether a shift covers this tier: it names it, or names none and this is the first on-call tier. */
export function shiftCovers(shift: OnCallShift, tier: EscalationTier, policy: EscalationPolicy): boolean {
  if (tier.target !== 'on-call') return false;
  if (shift.tier) return shift.tier === tier.name;
  return policy.tiers.find((t) => t.target === 'on-call') === tier;
}

/**
 * Who a tier alerts: its named users, or for an on-call tier everyone inside a shift for it now
 * (connected or not) and everyone who said `oncall:set` (of the mentee's program, when any are).
 */
export async function tierMembers(store: Store, policy: EscalationPolicy, tier: EscalationTier, programId: string | undefined, now: number): Promise<string[]> {
  if (tier.target === 'users') return tier.userIds;
  const [declared, shifts] = await Promise.all([store.onCall.list(), store.shifts.overlapping(now, now + 1)]);
  const ofProgram = programId ? declared.filter((c) => c.programId === programId) : [];
  const onShift = shifts.filter((s) => shiftCovers(s, tier, policy)).map((s) => s.userId);
  return [...new Set([...(ofProgram.length > 0 ? ofProgram : declared).map((c) => c.userId), ...onShift])];
}
