import type { Escalation } from '../../../index.js';
import { getLang, t, type MessageKey } from '../i18n/index.js';

/** A severity in the current language (lower case, for sentences). */
export function severityText(severity: Escalation['severity']): string {
  return t(`clinician.severity.${severity}`);
}

/** Categories in the current language; one the app does not know yet is shown as it came. */
export function categoriesText(categories: readonly string[]): string {
  return categories
    .map((c) => {
      const key = `clinician.category.${c}` as MessageKey;
      const text = t(key);
      return text === key ? c.replace(/_/g, ' ') : text;
    })
    .join(', ');
}

/** "3 minutes ago", "just now", in the current language. */
export function ageText(iso: string, now = Date.now()): string {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  const format = new Intl.RelativeTimeFormat(getLang() === 'nl' ? 'nl-NL' : 'en-GB', { numeric: 'auto' });
  const abs = Math.abs(seconds);
  if (abs < 45) return format.format(0, 'second');
  if (abs < 3600) return format.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return format.format(Math.round(seconds / 3600), 'hour');
  return format.format(Math.round(seconds / 86_400), 'day');
}

/** A wait as "42 s", "3 min", "2 h". */
export function durationText(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 90) return `${seconds} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}

/** Open first, then by severity (most severe first), then oldest first. */
export function boardOrder(a: Escalation, b: Escalation): number {
  const rank = { elevated: 1, high: 2, imminent: 3 } as const;
  return rank[b.severity] - rank[a.severity] || a.createdAt.localeCompare(b.createdAt);
}
