import { useEffect, useState } from 'preact/hooks';
import type { Availability } from '../../../../shared/models.js';
import { useT, type MessageKey } from '../i18n/index.js';
import { go } from '../route.js';
import { useAppState } from '../state.js';
import { AVAILABILITY, languageName } from './labels.js';
import { specialist, useSpecialist, type Line, type Offer } from './store.js';
import './specialist.css';

/** Availability, caseload and the incoming offer, above every specialist screen. */
export function Bar() {
  const state = useAppState();
  const store = useSpecialist();
  const t = useT();

  useEffect(() => (state.client && state.session ? specialist.attach(state.client, state.session) : undefined), [state.client]);

  const active = [...state.conversations.values()].filter((v) => v.summary.kind === 'mentorship' && v.summary.status === 'active').length;
  const max = store.profile?.maxActiveMentees;
  return (
    <section class="sbar" aria-label={t('sp.bar.label')}>
      <div class="sbar-row">
        <fieldset class="availability">
          <legend>{t('sp.bar.availability')}</legend>
          {AVAILABILITY.map((status) => (
            <label class={`avail avail-${status}`}>
              <input
                type="radio"
                name="availability"
                value={status}
                checked={store.availability === status}
                onChange={() => void specialist.setAvailability(status).catch(() => {})}
              />
              {t(`sp.bar.status.${status}`)}
            </label>
          ))}
        </fieldset>
        <p class="caseload">
          <a href="#/profile">{max ? t('sp.bar.caseload', { count: active, max }) : t('sp.bar.caseloadNoMax', { count: active })}</a>
        </p>
      </div>
      <StatusLine line={store.line} />
      {store.offer && <OfferCard offer={store.offer} />}
    </section>
  );
}

function StatusLine({ line }: { line: Line | undefined }) {
  const t = useT();
  const vars = line?.vars?.status ? { ...line.vars, status: t(`sp.bar.status.${line.vars.status as Availability}`) } : line?.vars;
  return (
    <p class={line?.error ? 'sbar-line error' : 'sbar-line muted'} role="status">
      {line ? t(line.key, vars) : ''}
    </p>
  );
}

/** Seconds left until `iso`, re-rendering every second. */
function useSecondsLeft(iso: string): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [iso]);
  return Math.max(0, Math.ceil((Date.parse(iso) - now) / 1000));
}

function OfferCard({ offer }: { offer: Offer }) {
  const state = useAppState();
  const t = useT();
  const [busy, setBusy] = useState(false);
  const left = useSecondsLeft(offer.expiresAt);
  const [total] = useState(() => Math.max(left, 1));
  const { request } = offer;

  const answer = async (accept: boolean) => {
    setBusy(true);
    const conversation = await specialist.answer(accept);
    setBusy(false);
    if (conversation) {
      await state.track(conversation);
      go('c', conversation.id);
    }
  };

  return (
    <div class={`card offer risk-${request.risk}`} aria-labelledby="offer-title">
      <h2 id="offer-title">{t('sp.offer.title')}</h2>
      <dl class="offer-facts">
        <dt>{t('sp.offer.from')}</dt>
        <dd>
          <bdi>{request.menteeName}</bdi>
        </dd>
        <dt>{t('sp.offer.topic')}</dt>
        <dd>
          <bdi>{request.topic}</bdi>
        </dd>
        <dt>{t('sp.offer.language')}</dt>
        <dd>{request.language ? languageName(request.language) : t('sp.offer.anyLanguage')}</dd>
        <dt>{t('sp.offer.risk')}</dt>
        <dd class="risk">{t(`sp.offer.risk.${request.risk}` as MessageKey)}</dd>
      </dl>
      {request.note && (
        <figure class="offer-note">
          <figcaption>{t('sp.offer.note')}</figcaption>
          <p dir="auto">{request.note}</p>
        </figure>
      )}
      <p class="countdown">
        <span role="timer">{left > 0 ? t('sp.offer.left', { seconds: left }) : t('sp.offer.timeUp')}</span>
        <span class="bar" aria-hidden="true">
          <span style={{ width: `${Math.min(100, (left / total) * 100)}%` }} />
        </span>
      </p>
      <div class="actions">
        <button type="button" class="primary" disabled={busy || left === 0} onClick={() => void answer(true)}>
          {t('sp.offer.accept')}
        </button>
        <button type="button" disabled={busy} onClick={() => void answer(false)}>
          {t('sp.offer.decline')}
        </button>
      </div>
    </div>
  );
}
