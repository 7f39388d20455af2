import { useEffect, useState } from 'preact/hooks';
import type { EscalationPolicy } from '../../../../shared/http.js';
import type { OnCallShift } from '../../../../shared/models.js';

/** A shift as listed: with the clinician's name when the server knows it. */
type ListedShift = OnCallShift & { name?: string };
import { api } from '../api.js';
import { errorText } from '../errors.js';
import { formatDateTime, useT } from '../i18n/index.js';
import { useAppState } from '../state.js';
import { AdminTable } from './AdminTable.js';
import { otherProblem, uniqueProblems, useRefusableForm, useRowAction, type FieldProblem, type Issue } from './issues.js';
import { invalidProps, Problems } from './Problems.js';
import { Confirm } from './Confirm.js';
import { Person } from './Person.js';

const WEEK_MS = 7 * 24 * 3600 * 1000;

/** The policy as the editor last loaded or saved it: the tier choice follows it without a reload. */
const policyListeners = new Set<(policy: EscalationPolicy) => void>();
export function policyChanged(policy: EscalationPolicy): void {
  for (const listener of policyListeners) listener(policy);
}
const onCallTiers = (policy: EscalationPolicy) => policy.tiers.filter((tier) => tier.target === 'on-call').map((tier) => tier.name);

const pad = (n: number) => String(n).padStart(2, '0');

/** `<input type="datetime-local">` (the browser's local time) as ISO 8601 with the browser's offset at that moment; as typed when it is no date. */
export function localToIso(local: string): string {
  const date = new Date(local);
  if (!local || Number.isNaN(date.getTime())) return local;
  const offset = -date.getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  return `${day}T${time}${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
}

/** The server's issue with a shift, as a sentence next to the field; `to` is told apart by the times sent. */
function problemOf(issue: Issue, sent: { from: string; to: string } | undefined, t: ReturnType<typeof useT>): FieldProblem {
  switch (issue.path) {
    case 'userId':
      return { fieldId: 'shift-user', text: t('admin.shifts.badUser') };
    case 'from':
      return { fieldId: 'shift-from', text: t('admin.shifts.badFrom') };
    case 'to': {
      const from = Date.parse(sent?.from ?? '');
      const to = Date.parse(sent?.to ?? '');
      if (Number.isNaN(from) || Number.isNaN(to)) return { fieldId: 'shift-to', text: t('admin.shifts.badTo') };
      return { fieldId: 'shift-to', text: t(to <= from ? 'admin.shifts.badOrder' : 'admin.shifts.tooLong') };
    }
    case 'tier':
      return { fieldId: 'shift-tier', text: t('admin.shifts.badTier') };
    default:
      return otherProblem(issue, t);
  }
}

/** On-call shifts: those of the next 7 days (each with "Remove" after a confirmation) and a form to add one. */
export function Shifts() {
  const t = useT();
  const token = useAppState().session!.token;
  const [shifts, setShifts] = useState<ListedShift[] | undefined>();
  const [tiers, setTiers] = useState<string[] | undefined>();
  const { status, setStatus, issues, busy, setBusy, problemsRef, submit } = useRefusableForm();
  const [sent, setSent] = useState<{ from: string; to: string } | undefined>();
  const { confirming, setConfirming, statusRef, act } = useRowAction(setStatus, setBusy);

  const load = async (): Promise<void> => {
    try {
      const from = new Date();
      const { shifts } = await api('GET /api/oncall/shifts', { token, query: { from: from.toISOString(), to: new Date(from.getTime() + WEEK_MS).toISOString() } });
      setShifts(shifts);
    } catch (err) {
      setStatus(() => errorText(err));
    }
  };
  useEffect(() => {
    void load();
    api('GET /api/escalation-policy', { token }).then(
      ({ policy }) => setTiers((known) => known ?? onCallTiers(policy)),
      () => setTiers((known) => known ?? []),
    );
    const listener = (policy: EscalationPolicy) => setTiers(onCallTiers(policy));
    policyListeners.add(listener);
    return () => void policyListeners.delete(listener);
  }, [token]);

  const add = (e: Event) => {
    e.preventDefault();
    const formElement = e.currentTarget as HTMLFormElement;
    const form = new FormData(formElement);
    const userId = String(form.get('userId') ?? '').trim();
    const tier = String(form.get('tier') ?? '');
    const times = { from: localToIso(String(form.get('from') ?? '')), to: localToIso(String(form.get('to') ?? '')) };
    setSent(times);
    return submit(async () => {
      const { shift } = await api('POST /api/oncall/shifts', { token, body: { userId, ...times, ...(tier ? { tier } : {}) } });
      formElement.reset();
      await load();
      setStatus(() => t('admin.shifts.added', { who: shift.userId, from: formatDateTime(shift.from), to: formatDateTime(shift.to) }));
    });
  };

  const remove = (shift: OnCallShift) =>
    act(async () => {
      await api('DELETE /api/oncall/shifts/:id', { token, path: `/api/oncall/shifts/${encodeURIComponent(shift.id)}` });
      return () => t('admin.shifts.removed', { who: shift.userId, from: formatDateTime(shift.from) });
    }, load);


  // Sentences are made at render time, so they follow a language switch.
  const problems = uniqueProblems(issues.map((issue) => problemOf(issue, sent, t)));
  const invalid = (fieldId: string) => invalidProps('shift-problems', problems, fieldId);
  /** The times' hint, and the sentence of a problem when there is one. */
  const timeProps = (fieldId: string) => {
    const props = invalid(fieldId);
    return { ...props, 'aria-describedby': ['shift-times-hint', props['aria-describedby']].filter(Boolean).join(' ') };
  };
  const tierName = (shift: OnCallShift) => shift.tier ?? tiers?.[0];
  return (
    <section class="card admin-section" aria-labelledby="admin-shifts-title">
      <h2 id="admin-shifts-title">{t('admin.shifts.title')}</h2>
      <p class="muted">{t('admin.shifts.intro')}</p>
      <form class="admin-shift" onSubmit={(e) => void add(e)} noValidate aria-labelledby="admin-shift-add-title">
        <h3 id="admin-shift-add-title">{t('admin.shifts.addTitle')}</h3>
        <p class="muted small">
          {t('admin.ms.idHint')} <span id="shift-times-hint">{t('admin.shifts.timesHint')}</span>
        </p>
        <div class="admin-row">
          <label>
            {t('admin.shifts.user')}
            <input id="shift-user" name="userId" required maxLength={128} autoComplete="off" spellcheck={false} {...invalid('shift-user')} />
          </label>
          <label class="narrow-time">
            {t('admin.shifts.from')}
            <input id="shift-from" name="from" type="datetime-local" required {...timeProps('shift-from')} />
          </label>
          <label class="narrow-time">
            {t('admin.shifts.to')}
            <input id="shift-to" name="to" type="datetime-local" required {...timeProps('shift-to')} />
          </label>
          {tiers && tiers.length > 0 && (
            <span class="field shift-tier">
              <label for="shift-tier">{t('admin.shifts.tier')}</label>
              <select id="shift-tier" name="tier" {...invalid('shift-tier')}>
                {tiers.map((name) => (
                  <option value={name}>{name}</option>
                ))}
              </select>
            </span>
          )}
          <button type="submit" class="primary" disabled={busy}>
            {t('admin.shifts.add')}
          </button>
        </div>
        {tiers && tiers.length === 0 && <p class="muted small">{t('admin.shifts.noTiers')}</p>}
        <Problems id="shift-problems" title={t('admin.shifts.notAdded')} problems={problems} focusRef={problemsRef} />
      </form>
      <p role="status" class="admin-status" tabIndex={-1} ref={statusRef}>
        {status ?? ''}
      </p>

      <h3 id="admin-shift-list-title">{t('admin.shifts.listTitle')}</h3>
      {shifts && shifts.length === 0 && <p class="muted">{t('admin.shifts.none')}</p>}
      {shifts && shifts.length > 0 && (
        <AdminTable
          class="shifts"
          labelledBy="admin-shift-list-title"
          columns={[t('admin.shifts.colWho'), t('admin.shifts.colFrom'), t('admin.shifts.colTo'), t('admin.shifts.colTier'), t('admin.shifts.colActions')]}
        >
          {shifts.map((shift) => (
            <tr key={shift.id}>
              <td>
                <Person name={shift.name} id={shift.userId} />
              </td>
              <td>
                <time dateTime={shift.from}>{formatDateTime(shift.from)}</time>
              </td>
              <td>
                <time dateTime={shift.to}>{formatDateTime(shift.to)}</time>
              </td>
              <td>{tierName(shift) ? <span dir="auto">{tierName(shift)}</span> : <span class="muted">{t('admin.shifts.firstTier')}</span>}</td>
              <td>
                {confirming === shift.id ? (
                  <Confirm
                    id="shift-confirm-text"
                    question={t('admin.shifts.confirm')}
                    yes={t('admin.shifts.confirmYes')}
                    no={t('admin.shifts.confirmNo')}
                    busy={busy}
                    onYes={() => void remove(shift)}
                    onNo={() => {
                      setConfirming(undefined);
                      requestAnimationFrame(() => document.getElementById(`remove-shift-${shift.id}`)?.focus());
                    }}
                  />
                ) : (
                  <button
                    type="button"
                    class="danger"
                    id={`remove-shift-${shift.id}`}
                    aria-label={t('admin.shifts.removeLabel', { who: shift.userId, from: formatDateTime(shift.from) })}
                    onClick={() => setConfirming(shift.id)}
                  >
                    {t('admin.shifts.remove')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </AdminTable>
      )}
    </section>
  );
}
