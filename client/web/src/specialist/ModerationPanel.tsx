import { useEffect, useState } from 'preact/hooks';
import type { HeldMessage, Report, ReportAction } from '../../../../shared/models.js';
import { errorText } from '../errors.js';
import { formatTime, useT, type MessageKey } from '../i18n/index.js';
import { useAppState, type ConversationView } from '../state.js';
import { findingNames, REPORT_ACTIONS, type Say } from './labels.js';
import { Members } from './Members.js';
import { RedactMessage, RoomSettings } from './RoomTools.js';
import { specialist, useSpecialist } from './store.js';

/** A facilitator's moderation of their group: held messages, reports, members, redaction, room settings. */
export function ModerationPanel({ view }: { view: ConversationView }) {
  const state = useAppState();
  const store = useSpecialist();
  const t = useT();
  const [line, setLine] = useState<{ text: () => string; error: boolean } | undefined>();
  const say: Say = (text, error = false) => setLine({ text, error });
  const id = view.summary.id;

  // What is already waiting, then live through the store (reviewRequested, reportCreated).
  useEffect(() => {
    const client = state.client;
    if (!client) return;
    void client
      .request('moderation:held', { conversationId: id })
      .then(({ held }) => {
        const live = (store.held.get(id) ?? []).filter((h) => !held.some((x) => x.id === h.id));
        store.held.set(id, [...held, ...live]);
        store.changed();
      })
      .catch((err: unknown) => say(() => errorText(err), true));
    void client
      .request('moderation:reports', { conversationId: id, status: 'open' })
      .then(({ reports }) => {
        const live = (store.reports.get(id) ?? []).filter((r) => r.status === 'open' && !reports.some((x) => x.id === r.id));
        store.reports.set(id, [...reports, ...live]);
        store.changed();
      })
      .catch((err: unknown) => say(() => errorText(err), true));
  }, [id, state.client, state.connection]);

  const held = store.held.get(id) ?? [];
  const reports = (store.reports.get(id) ?? []).filter((r) => r.status === 'open');
  const members = view.summary.participants.length;
  return (
    <section class="card mod" aria-labelledby="mod-title">
      <h2 id="mod-title">{t('sp.mod.title')}</h2>
      <p class={line?.error ? 'error' : 'calm-line'} role="status">
        {line ? line.text() : ''}
      </p>
      <h3>{t('sp.mod.held', { count: held.length })}</h3>
      {held.length === 0 ? <p class="muted small">{t('sp.mod.heldNone')}</p> : <HeldList view={view} held={held} say={say} />}
      <details>
        <summary>{t('sp.mod.reports', { count: reports.length })}</summary>
        {reports.length === 0 ? <p class="muted small">{t('sp.mod.reportsNone')}</p> : <ReportList view={view} reports={reports} say={say} />}
      </details>
      <details>
        <summary>{t('sp.mod.members', { count: members })}</summary>
        <Members view={view} say={say} />
      </details>
      <details>
        <summary>{t('sp.mod.redactTitle')}</summary>
        <RedactMessage view={view} say={say} />
      </details>
      <details>
        <summary>{t('sp.mod.settingsTitle')}</summary>
        <RoomSettings view={view} say={say} />
      </details>
    </section>
  );
}

function HeldList({ view, held, say }: { view: ConversationView; held: HeldMessage[]; say: Say }) {
  const state = useAppState();
  const t = useT();
  const id = view.summary.id;
  const decide = async (item: HeldMessage, decision: 'approve' | 'reject') => {
    try {
      await state.client!.request('moderation:review', { messageId: item.id, decision });
      say(() => t(decision === 'approve' ? 'sp.mod.approved' : 'sp.mod.rejected', { name: item.senderName }));
    } catch (err) {
      say(() => errorText(err), true);
      if ((err as { code?: string }).code !== 'CONFLICT' && (err as { code?: string }).code !== 'NOT_FOUND') return;
    }
    specialist.held.set(id, (specialist.held.get(id) ?? []).filter((h) => h.id !== item.id));
    specialist.changed();
  };
  return (
    <ul class="mod-list">
      {held.map((item) => (
        <li class="held-item">
          <p class="small muted">
            <bdi class="sender">{item.senderName}</bdi> · <time dateTime={item.createdAt}>{formatTime(item.createdAt)}</time> · {t('sp.mod.found', { findings: findingNames(item.findings) })}
          </p>
          <p class="body" dir="auto">
            {item.body}
          </p>
          <div class="actions">
            <button type="button" class="primary" onClick={() => void decide(item, 'approve')}>
              {t('sp.mod.approve')}
            </button>
            <button type="button" onClick={() => void decide(item, 'reject')}>
              {t('sp.mod.reject')}
            </button>
          </div>
        </li>
      ))}
    </ul>
  );
}

function ReportList({ view, reports, say }: { view: ConversationView; reports: Report[]; say: Say }) {
  const state = useAppState();
  const t = useT();
  const id = view.summary.id;
  const nameOf = (userId: string) => view.summary.participants.find((p) => p.userId === userId)?.name ?? userId;

  const resolve = async (e: Event, report: Report) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const action = String(form.get('action')) as ReportAction;
    const note = String(form.get('note') ?? '').trim();
    try {
      // Redacting is about this very message: do it here. Mutes and removals are under Members.
      if (action === 'redact') await state.client!.request('message:redact', { messageId: report.messageId, reason: report.reason });
      await state.client!.request('moderation:resolveReport', { reportId: report.id, action, ...(note ? { note } : {}) });
      specialist.reports.set(id, (specialist.reports.get(id) ?? []).filter((r) => r.id !== report.id));
      specialist.changed();
      say(() => t('sp.mod.resolved'));
    } catch (err) {
      say(() => errorText(err), true);
    }
  };

  return (
    <ul class="mod-list">
      {reports.map((report) => {
        const message = view.messages.find((m) => m.id === report.messageId);
        return (
          <li class="report-item">
            <p class="small muted">
              {t('sp.mod.reportAbout', { seq: report.messageSeq })} <bdi class="sender">{nameOf(report.reportedUserId)}</bdi> · <time dateTime={report.createdAt}>{formatTime(report.createdAt)}</time>
            </p>
            {message && !message.redaction && (
              <p class="body" dir="auto">
                {message.body}
              </p>
            )}
            <p>
              {t('sp.mod.reportReason')} <q dir="auto">{report.reason}</q>
            </p>
            <form class="inline-form" onSubmit={(e) => void resolve(e, report)}>
              <label for={`action-${report.id}`}>{t('sp.mod.decision')}</label>
              <select id={`action-${report.id}`} name="action">
                {REPORT_ACTIONS.map((a) => (
                  <option value={a}>{t(`sp.mod.action.${a}` as MessageKey)}</option>
                ))}
              </select>
              <label>
                {t('sp.mod.note')}
                <input name="note" maxLength={1000} autoComplete="off" />
              </label>
              <button type="submit">{t('sp.mod.resolve')}</button>
            </form>
          </li>
        );
      })}
    </ul>
  );
}
