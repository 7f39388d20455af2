import { useEffect, useState } from 'preact/hooks';
import type { AuditEntry } from '../../../../shared/models.js';
import { api } from '../api.js';
import { errorText } from '../errors.js';
import { formatDateTime, t, useT } from '../i18n/index.js';
import { app } from '../state.js';
import { categoriesText, durationText, severityText } from './labels.js';

/**
 * A conversation's audit trail (clinicians and admins may read it): who opened, was alerted,
 * acknowledged, joined and resolved, oldest first. Loaded when opened, again when `version` changes.
 */
export function AuditTrail({ conversationId, names, version }: { conversationId: string; names: Map<string, string>; version: string }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [entries, setEntries] = useState<AuditEntry[] | undefined>();
  const [before, setBefore] = useState<string | undefined>();
  const [error, setError] = useState<unknown>();
  const [reload, setReload] = useState(0);

  useEffect(() => {
    if (!open) return;
    let current = true;
    api('GET /api/audit', { token: app.session?.token, query: { conversationId } })
      .then((page) => {
        if (!current) return;
        setEntries(page.entries);
        setBefore(page.nextBefore);
        setError(undefined);
      })
      .catch((err: unknown) => current && setError(err));
    return () => {
      current = false;
    };
  }, [open, conversationId, version, reload]);

  const older = async () => {
    if (!before) return;
    try {
      const page = await api('GET /api/audit', { token: app.session?.token, query: { conversationId, before } });
      setEntries([...page.entries, ...(entries ?? [])]);
      setBefore(page.nextBefore);
    } catch (err) {
      setError(err);
    }
  };

  return (
    <details class="audit" onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>{t('clinician.audit.title')}</summary>
      {error !== undefined && <p class="error">{errorText(error)}</p>}
      {open && entries === undefined && error === undefined && <p class="muted">{t('clinician.audit.loading')}</p>}
      {entries && (
        <>
          {before && (
            <button type="button" class="link" onClick={() => void older()}>
              {t('clinician.audit.more')}
            </button>
          )}
          {entries.length === 0 ? (
            <p class="muted">{t('clinician.audit.empty')}</p>
          ) : (
            <ol class="audit-list">
              {entries.map((entry) => (
                <li>
                  <time dateTime={entry.at}>{formatDateTime(entry.at)}</time> <span>{describe(entry, names)}</span>
                </li>
              ))}
            </ol>
          )}
          <button type="button" class="link" onClick={() => setReload((n) => n + 1)}>
            {t('clinician.audit.refresh')}
          </button>
        </>
      )}
    </details>
  );
}

/** One entry as a sentence; the ones this screen does not know show their action as it is. */
function describe(entry: AuditEntry, names: Map<string, string>): string {
  const d = entry.details ?? {};
  const actor = entry.actorId === 'system' ? t('clinician.audit.system') : entry.actorId === app.session?.userId ? t('chat.you') : names.get(entry.actorId) ?? entry.actorId;
  const severity = isSeverity(d.severity) ? severityText(d.severity) : isSeverity(d.level) ? severityText(d.level) : '';
  const count = Array.isArray(d.recipients) ? d.recipients.length : 0;
  const num = (v: unknown) => (typeof v === 'number' ? v : 0);
  switch (entry.action) {
    case 'escalation.opened':
      return t(d.source === 'manual' ? 'clinician.audit.openedManual' : 'clinician.audit.openedAuto', { actor, severity });
    case 'escalation.alerted':
      return t('clinician.audit.alerted', { tier: num(d.tier), count });
    case 'escalation.escalated':
      return t('clinician.audit.escalated', { tier: num(d.tier), round: num(d.round) + 1, count });
    case 'escalation.realerted':
      return t('clinician.audit.realerted', { count });
    case 'escalation.acknowledged':
      return t('clinician.audit.acknowledged', { actor, wait: durationText(num(d.waitedMs)) });
    case 'escalation.joined':
      return t('clinician.audit.joined', { actor });
    case 'escalation.attached':
      return d.repeated ? t('clinician.audit.attachedRepeated', { severity, count: num(d.repeated) }) : t('clinician.audit.attached', { severity });
    case 'escalation.resolved':
      return t(d.falseAlarm ? 'clinician.audit.resolvedFalse' : 'clinician.audit.resolved', { actor, outcome: typeof d.outcome === 'string' ? d.outcome : '' });
    case 'escalation.unrouted':
      return t('clinician.audit.unrouted');
    case 'webhook.called':
      return t('clinician.audit.webhook');
    case 'risk.flagged':
      return t('clinician.audit.riskFlagged', { severity, categories: Array.isArray(d.categories) ? categoriesText(d.categories.map(String)) : '' });
    case 'message.held':
      return t('clinician.audit.held');
    case 'message.redacted':
      return t('clinician.audit.redacted', { actor });
    case 'report.created':
      return t('clinician.audit.reported');
    case 'report.resolved':
      return t('clinician.audit.reportResolved', { actor });
    case 'member.muted':
      return t('clinician.audit.muted', { actor });
    case 'member.unmuted':
      return t('clinician.audit.unmuted', { actor });
    default:
      return t('clinician.audit.other', { actor, action: entry.action });
  }
}

const isSeverity = (v: unknown): v is 'elevated' | 'high' | 'imminent' => v === 'elevated' || v === 'high' || v === 'imminent';
