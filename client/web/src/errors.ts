import { formatDateTime, t, type MessageKey } from './i18n/index.js';

/** A server error code (with its countdown or until) as a sentence in the current language; never a stack trace. */
export function errorText(error: unknown): string {
  const e = error as { code?: string; retryAfterMs?: number; until?: string; details?: Record<string, unknown> } | undefined;
  const code = e?.code ?? 'other';
  const seconds = Math.max(1, Math.ceil((e?.retryAfterMs ?? 1000) / 1000));
  if (code === 'MUTED') {
    const until = e?.until ?? e?.details?.until;
    return typeof until === 'string' ? t('error.MUTED', { until: formatDateTime(until) }) : t('error.MUTED_nountil');
  }
  const key = `error.${code}` as MessageKey;
  return key in ERROR_KEYS ? t(key, { seconds }) : t('error.other');
}

const ERROR_KEYS: Record<string, true> = Object.fromEntries(
  ['RATE_LIMITED', 'SLOW_MODE', 'CONTACT_DETAILS', 'UNAVAILABLE', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'VALIDATION_FAILED', 'AUTH_EXPIRED', 'AUTH_INVALID', 'AUTH_REQUIRED', 'GROUP_FULL', 'ALREADY_CLAIMED'].map((c) => [`error.${c}`, true]),
);
