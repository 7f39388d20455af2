import { useEffect, useState } from 'preact/hooks';
import type { MentorshipListing } from '../../../../shared/http.js';
import { api } from '../api.js';
import { errorText } from '../errors.js';
import { formatDateTime, useT } from '../i18n/index.js';
import { useAppState } from '../state.js';
import { AdminTable } from './AdminTable.js';
import { uniqueProblems, useRefusableForm, useRowAction, type FieldProblem, type Issue } from './issues.js';
import { invalidProps, Problems } from './Problems.js';
import { Confirm } from './Confirm.js';
import { Person } from './Person.js';

const PAGE = 25;
const menteeName = (m: MentorshipListing) => m.menteeName ?? m.menteeId;
const specialistName = (m: MentorshipListing) => m.specialistName ?? m.specialistId;

/** The server's issue with an assignment, as a sentence next to the field it concerns. */
function problemOf(issue: Issue, t: ReturnType<typeof useT>): FieldProblem {
  if (issue.path === 'menteeId') return { fieldId: 'assign-mentee', text: t('admin.ms.badMentee') };
  if (issue.path === 'specialistId') return { fieldId: 'assign-specialist', text: t('admin.ms.badSpecialist') };
  return { text: issue.path ? t('admin.issue.other', { field: issue.path, message: issue.message }) : issue.message };
}

/** Assign a mentee to a peer specialist; the active mentorships, each with "End" (after a confirmation). */
export function Mentorships() {
  const t = useT();
  const token = useAppState().session!.token;
  const [rows, setRows] = useState<MentorshipListing[] | undefined>();
  const [nextBefore, setNextBefore] = useState<string | undefined>();
  const [filter, setFilter] = useState<{ menteeId?: string; specialistId?: string }>({});
  const { status, setStatus, issues, busy, setBusy, problemsRef, submit } = useRefusableForm();
  const { confirming, setConfirming, statusRef, act } = useRowAction(setStatus, setBusy);

  /** Loads the first page (or the next one); returns the rows now shown. */
  const load = async (more = false, which = filter): Promise<MentorshipListing[] | undefined> => {
    try {
      const query: Record<string, string> = { limit: String(PAGE), ...(which.menteeId ? { menteeId: which.menteeId } : {}), ...(which.specialistId ? { specialistId: which.specialistId } : {}) };
      if (more && nextBefore) query.before = nextBefore;
      const page = await api('GET /api/mentorships', { token, query });
      const shown = more ? [...(rows ?? []), ...page.mentorships] : page.mentorships;
      setRows(shown);
      setNextBefore(page.nextBefore);
      return shown;
    } catch (err) {
      setStatus(() => errorText(err));
      return undefined;
    }
  };
  useEffect(() => void load(), [token]);

  const assign = (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const menteeId = String(form.get('menteeId') ?? '').trim();
    const specialistId = String(form.get('specialistId') ?? '').trim();
    return submit(async () => {
      const { mentorship } = await api('POST /api/mentorships', { token, body: { menteeId, specialistId } });
      const before = rows?.some((r) => r.id === mentorship.id);
      (e.target as HTMLFormElement).reset();
      const listed = (await load())?.find((r) => r.id === mentorship.id);
      const names = { mentee: listed ? menteeName(listed) : menteeId, specialist: listed ? specialistName(listed) : specialistId };
      setStatus(() => t(before ? 'admin.ms.alreadyActive' : 'admin.ms.assigned', names));
    });
  };

  const end = (m: MentorshipListing) =>
    act(async () => {
      await api('DELETE /api/mentorships/:id', { token, path: `/api/mentorships/${encodeURIComponent(m.id)}` });
      return () => t('admin.ms.ended', { mentee: menteeName(m), specialist: specialistName(m) });
    }, load);


  const applyFilter = (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const next = { menteeId: String(form.get('menteeId') ?? '').trim() || undefined, specialistId: String(form.get('specialistId') ?? '').trim() || undefined };
    const clean = Object.fromEntries(Object.entries(next).filter(([, v]) => v)) as typeof filter;
    setFilter(clean);
    void load(false, clean);
  };

  // Sentences are made at render time, so they follow a language switch.
  const problems = uniqueProblems(issues.map((issue) => problemOf(issue, t)));
  return (
    <section class="card admin-section" aria-labelledby="admin-ms-title">
      <h2 id="admin-ms-title">{t('admin.ms.title')}</h2>
      <form class="admin-assign" onSubmit={(e) => void assign(e)} noValidate aria-labelledby="admin-assign-title">
        <h3 id="admin-assign-title">{t('admin.ms.assignTitle')}</h3>
        <p class="muted small">{t('admin.ms.idHint')}</p>
        <div class="admin-row">
          <label>
            {t('admin.ms.mentee')}
            <input id="assign-mentee" name="menteeId" required maxLength={128} autoComplete="off" spellcheck={false} {...invalidProps('assign-problems', problems, 'assign-mentee')} />
          </label>
          <label>
            {t('admin.ms.specialist')}
            <input id="assign-specialist" name="specialistId" required maxLength={128} autoComplete="off" spellcheck={false} {...invalidProps('assign-problems', problems, 'assign-specialist')} />
          </label>
          <button type="submit" class="primary" disabled={busy}>
            {t('admin.ms.assign')}
          </button>
        </div>
        <Problems id="assign-problems" title={t('admin.ms.notAssigned')} problems={problems} focusRef={problemsRef} />
      </form>
      <p role="status" class="admin-status" tabIndex={-1} ref={statusRef}>
        {status ?? ''}
      </p>

      <h3 id="admin-active-title">{t('admin.ms.activeTitle')}</h3>
      <form class="admin-row admin-filter" onSubmit={applyFilter} aria-label={t('admin.ms.filter')}>
        <label>
          {t('admin.ms.filterMentee')}
          <input name="menteeId" maxLength={128} autoComplete="off" spellcheck={false} />
        </label>
        <label>
          {t('admin.ms.filterSpecialist')}
          <input name="specialistId" maxLength={128} autoComplete="off" spellcheck={false} />
        </label>
        <button type="submit">{t('admin.ms.filter')}</button>
      </form>
      {rows && rows.length === 0 && <p class="muted">{t('admin.ms.none')}</p>}
      {rows && rows.length > 0 && (
        <AdminTable labelledBy="admin-active-title" columns={[t('admin.ms.colMentee'), t('admin.ms.colSpecialist'), t('admin.ms.colSince'), t('admin.ms.colActions')]}>
          {rows.map((m) => (
            <tr key={m.id}>
              <td>
                <Person name={m.menteeName} id={m.menteeId} />
              </td>
              <td>
                <Person name={m.specialistName} id={m.specialistId} />
              </td>
              <td>
                <time dateTime={m.createdAt}>{formatDateTime(m.createdAt)}</time>
              </td>
              <td>
                {confirming === m.id ? (
                  <Confirm
                    id="admin-confirm-text"
                    question={t('admin.ms.confirm')}
                    yes={t('admin.ms.confirmYes')}
                    no={t('admin.ms.confirmNo')}
                    onYes={() => void end(m)}
                    onNo={() => {
                      setConfirming(undefined);
                      requestAnimationFrame(() => document.getElementById(`end-${m.id}`)?.focus());
                    }}
                    busy={busy}
                  />
                ) : (
                  <button type="button" class="danger" id={`end-${m.id}`} aria-label={t('admin.ms.endLabel', { mentee: menteeName(m), specialist: specialistName(m) })} onClick={() => setConfirming(m.id)}>
                    {t('admin.ms.end')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </AdminTable>
      )}
      {nextBefore && (
        <button type="button" onClick={() => void load(true)}>
          {t('admin.ms.more')}
        </button>
      )}
    </section>
  );
}
