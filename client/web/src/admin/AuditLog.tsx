import { useEffect, useRef, useState } from 'preact/hooks';
import type { AuditEntry } from '../../../../shared/models.js';
import { api } from '../api.js';
import { errorText } from '../errors.js';
import { dictionaries, getLang, useT, type MessageKey } from '../i18n/index.js';
import { useAppState } from '../state.js';
import { AdminTable } from './AdminTable.js';
import { useSentence, validationIssues } from './issues.js';

const PAGE = 50;
const ACTION_PREFIX = 'admin.action.';
/** The actions the app has a name for (any other shows as its code). */
const KNOWN_ACTIONS = Object.keys(dictionaries.en)
  .filter((key) => key.startsWith(ACTION_PREFIX))
  .map((key) => key.slice(ACTION_PREFIX.length));
const USER_ID = /^[A-Za-z0-9][A-Za-z0-9._@:-]{0,127}$/;

interface Filter {
  action?: string;
  actorId?: string;
  from?: string;
  to?: string;
}

/** Seconds matter in an audit trail. */
const formatAuditTime = (iso: string) => new Date(iso).toLocaleString(getLang() === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'medium', timeStyle: 'medium' });

/** `<input type="datetime-local">` (local time, to the minute) as an ISO instant; `end` takes the whole minute. */
function instant(local: string, end: boolean): string | undefined {
  if (!local) return undefined;
  const date = new Date(local);
  if (Number.isNaN(date.getTime())) return undefined;
  return new Date(date.getTime() + (end ? 59_999 : 0)).toISOString();
}

/** The audit log, newest first, with filters (action, actor, from/to) and older pages on request. Never message texts: the log has none. */
export function AuditLog() {
  const t = useT();
  const token = useAppState().session!.token;
  const [entries, setEntries] = useState<AuditEntry[] | undefined>();
  const [nextBefore, setNextBefore] = useState<string | undefined>();
  const [filter, setFilter] = useState<Filter>({});
  const [message, setMessage] = useSentence();
  const [invalid, setInvalid] = useState<'actor' | 'range' | undefined>();
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const load = async (which: Filter, before?: string) => {
    setBusy(true);
    try {
      const query: Record<string, string> = { limit: String(PAGE) };
      for (const [k, v] of Object.entries(which)) if (v) query[k] = v;
      if (before) query.before = before;
      const page = await api('GET /api/audit', { token, query });
      // A page comes oldest first: newest first reads better, and older pages go below.
      const newestFirst = [...page.entries].reverse();
      const shown = before ? [...(entries ?? []), ...newestFirst] : newestFirst;
      setEntries(shown);
      setNextBefore(page.nextBefore);
      setMessage(() => (shown.length ? t('admin.audit.count', { count: shown.length }) : t('admin.audit.none')));
    } catch (err) {
      const issues = validationIssues(err);
      if (issues?.some((i) => i.path === 'actorId')) setInvalid('actor');
      setMessage(() => errorText(err));
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => void load({}), [token]);

  const apply = (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const actorId = String(form.get('actorId') ?? '').trim();
    const next: Filter = {
      action: String(form.get('action') ?? '') || undefined,
      actorId: actorId || undefined,
      from: instant(String(form.get('from') ?? ''), false),
      to: instant(String(form.get('to') ?? ''), true),
    };
    if (actorId && !USER_ID.test(actorId)) return setInvalid('actor');
    if (next.from && next.to && next.from > next.to) return setInvalid('range');
    setInvalid(undefined);
    setFilter(next);
    void load(next);
  };

  const clear = () => {
    formRef.current?.reset();
    setInvalid(undefined);
    setFilter({});
    void load({});
  };

  const actionName = (action: string) => (KNOWN_ACTIONS.includes(action) ? t(`${ACTION_PREFIX}${action}` as MessageKey) : action);

  return (
    <section class="card admin-section" aria-labelledby="admin-audit-title">
      <h2 id="admin-audit-title">{t('admin.audit.title')}</h2>
      <p class="muted">{t('admin.audit.intro')}</p>
      <form class="admin-row admin-filter" ref={formRef} onSubmit={apply} noValidate>
        <span class="field">
          <label for="audit-action">{t('admin.audit.action')}</label>
          <select id="audit-action" name="action">
            <option value="">{t('admin.audit.anyAction')}</option>
            {KNOWN_ACTIONS.map((action) => (
              <option value={action}>{actionName(action)}</option>
            ))}
          </select>
        </span>
        <label>
          {t('admin.audit.actor')}
          <input name="actorId" maxLength={128} autoComplete="off" spellcheck={false} {...(invalid === 'actor' ? { 'aria-invalid': 'true', 'aria-describedby': 'audit-invalid' } : {})} />
        </label>
        <label>
          {t('admin.audit.from')}
          <input name="from" type="datetime-local" {...(invalid === 'range' ? { 'aria-invalid': 'true', 'aria-describedby': 'audit-invalid' } : {})} />
        </label>
        <label>
          {t('admin.audit.to')}
          <input name="to" type="datetime-local" {...(invalid === 'range' ? { 'aria-invalid': 'true', 'aria-describedby': 'audit-invalid' } : {})} />
        </label>
        <span class="admin-buttons">
          <button type="submit" class="primary" disabled={busy}>
            {t('admin.audit.show')}
          </button>{' '}
          <button type="button" onClick={clear} disabled={busy}>
            {t('admin.audit.clear')}
          </button>
        </span>
      </form>
      {invalid && (
        <p class="error" id="audit-invalid">
          {t(invalid === 'actor' ? 'admin.audit.badActor' : 'admin.audit.badRange')}
        </p>
      )}
      <p role="status" class="admin-status">
        {message ?? ''}
      </p>
      {entries && entries.length > 0 && (
        <AdminTable
          class="audit"
          caption={t('admin.audit.table')}
          columns={[t('admin.audit.colTime'), t('admin.audit.colAction'), t('admin.audit.colActor'), t('admin.audit.colConversation'), t('admin.audit.colTarget')]}
        >
          {entries.map((entry) => (
            <tr key={entry.id}>
              <td>
                <time dateTime={entry.at}>{formatAuditTime(entry.at)}</time>
              </td>
              <td>
                {actionName(entry.action)}
                {typeof entry.details?.repeated === 'number' && <span class="muted small"> {t('admin.audit.repeated', { count: entry.details.repeated })}</span>}
              </td>
              <td>{entry.actorId === 'system' ? <span class="muted">{t('admin.audit.system')}</span> : <code>{entry.actorId}</code>}</td>
              <td>{entry.conversationId && <code>{entry.conversationId}</code>}</td>
              <td>
                {entry.targetUserId && <code>{entry.targetUserId}</code>}
                {entry.targetMessageId && <span class="small"> {t('admin.audit.message', { id: entry.targetMessageId })}</span>}
              </td>
            </tr>
          ))}
        </AdminTable>
      )}
      {nextBefore && (
        <button type="button" disabled={busy} onClick={() => void load(filter, nextBefore)}>
          {t('admin.audit.older')}
        </button>
      )}
    </section>
  );
}
