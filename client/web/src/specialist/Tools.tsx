import { useState } from 'preact/hooks';
import type { RiskFlag } from '../../../../shared/models.js';
import { errorText } from '../errors.js';
import { formatTime, useT, type MessageKey } from '../i18n/index.js';
import { useAppState, type ConversationView } from '../state.js';
import { categoryNames } from './labels.js';
import { ModerationPanel } from './ModerationPanel.js';
import { useSpecialist } from './store.js';
import './specialist.css';

/** A specialist's tools in a conversation: the manual raise, risk flags, and moderation in groups they facilitate. */
export function Tools({ view }: { view: ConversationView }) {
  const me = useAppState().session!.userId;
  const facilitating = view.summary.kind === 'group' && view.summary.participants.some((p) => p.userId === me && p.role === 'facilitator');
  return (
    <div class="stools">
      <RiskNotes view={view} />
      {view.summary.status === 'active' && <RaiseClinician view={view} />}
      {facilitating && <ModerationPanel view={view} />}
    </div>
  );
}

/** Quiet flags on mentees' messages: a discreet "worth a look", never an alarm. */
function RiskNotes({ view }: { view: ConversationView }) {
  const store = useSpecialist();
  const t = useT();
  const [hidden, setHidden] = useState<Set<string>>(new Set());
  const id = view.summary.id;
  const byMessage = new Map<string, RiskFlag>();
  for (const flag of [...(view.summary.riskFlag ? [view.summary.riskFlag] : []), ...(store.flags.get(id) ?? [])]) byMessage.set(flag.messageId, flag);
  const flags = [...byMessage.values()].filter((f) => !hidden.has(f.messageId)).slice(-3);
  return (
    <div aria-live="polite">
      {flags.map((flag) => {
        const message = view.messages.find((m) => m.id === flag.messageId);
        return (
          <div class="quiet-flag">
            <p>
              <span aria-hidden="true">⚑ </span>
              <strong>{t('sp.flag.worthALook')}</strong>{' '}
              {message ? (
                <>
                  {t('sp.flag.messageFrom')} <bdi>{message.senderName}</bdi>, <time dateTime={message.createdAt}>{formatTime(message.createdAt)}</time>
                  {': '}
                </>
              ) : (
                `${t('sp.flag.aMessage')}: `
              )}
              {t(`sp.flag.level.${flag.level}` as MessageKey)}
              {flag.categories.length > 0 && ` (${categoryNames(flag.categories)})`}
            </p>
            {message && !message.redaction && (
              <p class="quote" dir="auto">
                {message.body.length > 200 ? `${message.body.slice(0, 200)}…` : message.body}
              </p>
            )}
            <button type="button" class="link small" onClick={() => setHidden(new Set([...hidden, flag.messageId]))}>
              {t('sp.flag.hide')}
            </button>
          </div>
        );
      })}
    </div>
  );
}

/** "I'm worried — get a clinician": a confirmation, then a calm word on what happens now. */
function RaiseClinician({ view }: { view: ConversationView }) {
  const state = useAppState();
  const t = useT();
  const [step, setStep] = useState<'idle' | 'confirm' | 'sending' | 'raised'>('idle');
  const [error, setError] = useState<string | undefined>();
  const id = view.summary.id;
  const clinician = view.summary.participants.find((p) => p.role === 'clinician');

  const raise = async (e: Event) => {
    e.preventDefault();
    const reason = String(new FormData(e.currentTarget as HTMLFormElement).get('reason') ?? '').trim();
    setStep('sending');
    setError(undefined);
    try {
      await state.client!.request('escalation:raise', { conversationId: id, ...(reason ? { reason } : {}) });
      setStep('raised');
    } catch (err) {
      setError(errorText(err));
      setStep('confirm');
    }
  };

  return (
    <div class="raise">
      <button type="button" class="worried" onClick={() => setStep(step === 'confirm' ? 'idle' : 'confirm')} aria-expanded={step === 'confirm' || step === 'sending'} disabled={step === 'sending'}>
        {t('sp.raise.button')}
      </button>
      {(step === 'confirm' || step === 'sending') && (
        <form class="card raise-confirm" onSubmit={(e) => void raise(e)}>
          <p>{t('sp.raise.explain')}</p>
          <label>
            {t('sp.raise.reason')}
            <input name="reason" maxLength={500} autoComplete="off" />
          </label>
          {error && <p class="error">{error}</p>}
          <div class="actions">
            <button type="submit" class="primary" disabled={step === 'sending'}>
              {t('sp.raise.confirm')}
            </button>
            <button type="button" onClick={() => setStep('idle')}>
              {t('sp.raise.cancel')}
            </button>
          </div>
        </form>
      )}
      <p role="status" class={step === 'raised' ? 'calm' : 'visually-hidden'}>
        {step === 'raised' ? (clinician ? t('sp.raise.joined', { name: clinician.name ?? clinician.userId }) : t('sp.raise.done')) : ''}
      </p>
    </div>
  );
}
