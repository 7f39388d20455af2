import { useState } from 'preact/hooks';
import type { Escalation } from '../../../index.js';
import { errorText } from '../errors.js';
import { formatTime, t, useT } from '../i18n/index.js';
import { ageText, categoriesText, severityText } from './labels.js';
import { ResolveForm } from './ResolveForm.js';
import { useClinician, type CardNotice } from './store.js';

/**
 * One escalation: severity, categories, age, tier and who has it; what was written, in context;
 * and what this person may do now (acknowledge, join the conversation, resolve).
 * `inChat`: shown inside the conversation itself (no excerpt, no "Join conversation").
 */
export function EscalationCard({ escalation: e, inChat = false }: { escalation: Escalation; inChat?: boolean }) {
  const store = useClinician();
  const t = useT();
  const [resolving, setResolving] = useState(false);
  const titleId = `esc-${e.id}${inChat ? '-chat' : ''}`;
  const mine = store.isMine(e);
  const busy = store.pending.has(e.id);
  const categories = categoriesText(e.categories);
  const notice = store.notices.get(e.id);

  return (
    <article class={`esc sev-${e.severity} st-${e.status}`} aria-labelledby={titleId}>
      <header class="esc-head">
        <h3 id={titleId}>
          <span class="sev">{severityText(e.severity)}</span>
          {categories && <span class="cats"> · {categories}</span>}
        </h3>
        <span class={`esc-status st-${e.status}`}>{t(`clinician.status.${e.status}`)}</span>
      </header>
      <p class="esc-meta small">
        <span>{t('clinician.opened', { age: ageText(e.createdAt), time: formatTime(e.createdAt) })}</span>
        <span>{e.tier === 0 ? t('clinician.tierNone') : e.round > 0 ? t('clinician.tierRound', { tier: e.tier, round: e.round + 1 }) : t('clinician.tier', { tier: e.tier })}</span>
        <span>{t(e.source === 'auto' ? 'clinician.source.auto' : 'clinician.source.manual')}</span>
      </p>
      {e.source === 'manual' && e.reason && (
        <p class="esc-reason" dir="auto">
          {e.reason}
        </p>
      )}
      {e.status !== 'open' && e.ackedAt && (
        <p class="esc-owner">
          {withName(t('clinician.ackedBy', { age: ageText(e.ackedAt) }), store.ownerName(e))}
        </p>
      )}
      {e.status === 'resolved' && <Resolution e={e} />}
      {!inChat && <Excerpt e={e} />}
      <div class="esc-actions">
        {e.status === 'open' && (
          <button type="button" class="primary" disabled={busy} aria-describedby={titleId} onClick={() => void store.acknowledge(e.id)}>
            {t('clinician.acknowledge')}
          </button>
        )}
        {mine && e.status === 'acknowledged' && !inChat && (
          <button type="button" class="primary" disabled={busy} aria-describedby={titleId} onClick={() => void store.join(e.id)}>
            {t('clinician.join')}
          </button>
        )}
        {mine && e.status === 'acknowledged' && (
          <button type="button" disabled={busy} aria-expanded={resolving} aria-describedby={titleId} onClick={() => setResolving(!resolving)}>
            {t('clinician.resolve')}
          </button>
        )}
      </div>
      <p class="esc-notice" role="status">
        {notice ? noticeText(notice) : ''}
      </p>
      {resolving && mine && e.status === 'acknowledged' && <ResolveForm escalation={e} onDone={() => setResolving(false)} />}
    </article>
  );
}

/** A sentence with `{name}` left in it, the name isolated (it may be written right to left). */
function withName(sentence: string, name: string) {
  const [before, after = ''] = sentence.split('{name}');
  return (
    <>
      {before}
      <bdi>{name}</bdi>
      {after}
    </>
  );
}

function noticeText(notice: CardNotice): string {
  if (notice.kind === 'error') return errorText(notice.error);
  return notice.name ? t('clinician.claimedBy', { name: notice.name }) : t('clinician.claimedBySomeone');
}

function Resolution({ e }: { e: Escalation }) {
  const store = useClinician();
  const t = useT();
  return (
    <div class="esc-resolution">
      {e.resolvedAt && (
        <p>
          {withName(t('clinician.resolvedBy', { age: ageText(e.resolvedAt) }), store.ownerName(e))}
          {e.falseAlarm && <span class="tag">{t('clinician.falseAlarm')}</span>}
        </p>
      )}
      {e.outcome && (
        <p dir="auto">
          {t('clinician.outcome', { outcome: e.outcome })}
        </p>
      )}
      {e.note && (
        <p class="esc-note">
          <strong>{t('clinician.noteLabel')}</strong>{' '}
          <span dir="auto">{e.note}</span>
        </p>
      )}
    </div>
  );
}

/** What was written: the message that raised it, and the conversation before it on request. */
function Excerpt({ e }: { e: Escalation }) {
  const t = useT();
  const trigger = [...e.excerpt].reverse().find((m) => m.senderId === e.raisedBy) ?? e.excerpt.at(-1);
  if (!trigger) return null;
  return (
    <div class="esc-excerpt">
      <p class="small muted">{t('clinician.lastMessage')}</p>
      <blockquote>
        <p class="who small">
          <bdi>{trigger.senderName}</bdi> · <time dateTime={trigger.createdAt}>{formatTime(trigger.createdAt)}</time>
          {trigger.held && <> · {t('clinician.held')}</>}
        </p>
        <p class="body" dir="auto">
          {trigger.body}
        </p>
      </blockquote>
      {e.excerpt.length > 1 && (
        <details>
          <summary>{t('clinician.context', { count: e.excerpt.length })}</summary>
          <ol class="context">
            {e.excerpt.map((m) => (
              <li class={m === trigger ? 'trigger' : undefined}>
                <p class="who small">
                  <bdi>{m.senderName}</bdi> ({t(`role.${m.senderRole}`)}) · <time dateTime={m.createdAt}>{formatTime(m.createdAt)}</time>
                  {m.held && <> · {t('clinician.held')}</>}
                </p>
                <p class="body" dir="auto">
                  {m.body}
                </p>
              </li>
            ))}
          </ol>
        </details>
      )}
    </div>
  );
}
