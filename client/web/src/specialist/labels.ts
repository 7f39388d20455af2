import type { Availability, ContactPolicy, GroupVisibility, ReportAction, SpecialistProfile } from '../../../../shared/models.js';
import { getLang, t, type MessageKey } from '../i18n/index.js';

/** A language code as its name in the current language ("nl" → "Dutch" / "Nederlands"). */
export function languageName(code: string): string {
  try {
    return new Intl.DisplayNames([getLang()], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

const CATEGORIES = new Set(['suicide', 'self_harm', 'overdose', 'harm_to_others', 'abuse', 'distress']);
const FINDINGS = new Set(['phone', 'email', 'link', 'handle']);

/** Risk categories in words; an unknown one as it came. */
export function categoryNames(categories: readonly string[]): string {
  return categories.map((c) => (CATEGORIES.has(c) ? t(`sp.risk.cat.${c}` as MessageKey) : c)).join(', ');
}

/** What a held message seemed to contain, in words. */
export function findingNames(findings: readonly string[]): string {
  return findings.map((f) => (FINDINGS.has(f) ? t(`sp.mod.finding.${f}` as MessageKey) : f)).join(', ');
}

// The contract's lists and limits, repeated here as plain values: importing them from shared/ would
// bring zod into the bundle. `satisfies` keeps them in step with the contract's types.
export const AVAILABILITY = ['available', 'busy', 'offline'] as const satisfies readonly Availability[];
export const REPORT_ACTIONS = ['dismiss', 'warn', 'redact', 'mute', 'remove'] as const satisfies readonly ReportAction[];
export const CONTACT_POLICIES = ['hold', 'block', 'allow'] as const satisfies readonly ContactPolicy[];
export const GROUP_VISIBILITIES = ['open', 'program', 'invite'] as const satisfies readonly GroupVisibility[];
export const ENGAGEMENTS = ['volunteer', 'part-time', 'full-time'] as const satisfies readonly SpecialistProfile['engagement'][];
/** MUTE_MAX_SEC, GROUP_CAPACITY_MAX and GROUP_CAPACITY_DEFAULT in shared/commands.ts. */
export const MUTE_MAX_SEC = 7 * 24 * 3600;
export const GROUP_CAPACITY_MAX = 500;
export const GROUP_CAPACITY_DEFAULT = 50;

/** Says what a moderation step did, in the moderation panel's polite status line. */
export type Say = (text: () => string, error?: boolean) => void;
