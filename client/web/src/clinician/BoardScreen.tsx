import { useEffect, useState } from 'preact/hooks';
import type { Escalation } from '../../../index.js';
import { errorText } from '../errors.js';
import { useT, type MessageKey } from '../i18n/index.js';
import { useAppState } from '../state.js';
import { ContactForm } from './ContactForm.js';
import { EscalationCard } from './EscalationCard.js';
import { boardOrder } from './labels.js';
import { notificationPermission } from './notify.js';
import { OnCallPanel } from './OnCallPanel.js';
import { useClinician } from './store.js';
import './board.css';

/** Resolved escalations shown on the board (the audit log keeps them all). */
const RESOLVED_SHOWN = 20;

/** The live board: the on-call switch, then open, acknowledged and recently resolved escalations. */
export function BoardScreen() {
  const store = useClinician();
  const role = useAppState().session!.role;
  const t = useT();
  useNow(15_000);

  const all = [...store.escalations.values()];
  const open = all.filter((e) => e.status === 'open').sort(boardOrder);
  const acknowledged = all.filter((e) => e.status === 'acknowledged').sort(boardOrder);
  const resolved = all
    .filter((e) => e.status === 'resolved')
    .sort((a, b) => (b.resolvedAt ?? '').localeCompare(a.resolvedAt ?? ''))
    .slice(0, RESOLVED_SHOWN);

  return (
    <section class="board" aria-labelledby="board-title" data-tone={store.tone}>
      <h1 id="board-title">{t('clinician.board.title')}</h1>
      {role === 'clinician' ? <OnCallSwitch /> : <AdminSound />}
      {store.soundOn && store.tone === 'blocked' && (
        <p class="notice sound-blocked">
          {t('clinician.sound.blocked')}{' '}
          <button type="button" onClick={() => store.enableSound()}>
            {t('clinician.sound.enable')}
          </button>
        </p>
      )}
      {store.soundOn && notificationPermission() === 'denied' && <p class="muted small">{t('clinician.notifications.denied')}</p>}
      {store.loadError !== undefined && <p class="error">{errorText(store.loadError)}</p>}
      {!store.loaded && store.loadError === undefined && <p class="muted">{t('clinician.loading')}</p>}
      {store.loaded && (
        <>
          <Group id="open" title="clinician.group.open" empty="clinician.none.open" list={open} />
          <Group id="acknowledged" title="clinician.group.acknowledged" empty="clinician.none.acknowledged" list={acknowledged} />
          <Group id="resolved" title="clinician.group.resolved" empty="clinician.none.resolved" list={resolved} />
        </>
      )}
      <OnCallPanel />
      {role === 'clinician' && <ContactForm />}
    </section>
  );
}

function Group({ id, title, empty, list }: { id: string; title: MessageKey; empty: MessageKey; list: Escalation[] }) {
  const t = useT();
  return (
    <section class={`esc-group esc-group-${id}`} aria-labelledby={`esc-group-${id}`}>
      <h2 id={`esc-group-${id}`}>{t(title, { count: list.length })}</h2>
      {list.length === 0 ? (
        <p class="muted">{t(empty)}</p>
      ) : (
        <ul class="esc-list">
          {list.map((e) => (
            <li key={e.id}>
              <EscalationCard escalation={e} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** "On call": a switch whose accessible name stays "On call"; switching on unlocks sound and asks for notifications. */
function OnCallSwitch() {
  const store = useClinician();
  const t = useT();
  return (
    <div class="card oncall">
      <button
        type="button"
        role="switch"
        class="switch"
        aria-checked={store.onCall}
        aria-label={t('clinician.onCall')}
        aria-describedby="oncall-hint"
        aria-busy={store.switching}
        onClick={() => void store.setOnCall(!store.onCall)}
      >
        <span class="track" aria-hidden="true">
          <span class="thumb" />
        </span>
        <span>{t('clinician.onCall')}</span>
      </button>
      <p id="oncall-hint" class="hint">
        {store.switching ? t('clinician.onCall.busy') : t(store.onCall ? 'clinician.onCall.on' : 'clinician.onCall.off')}
      </p>
      {store.switchError !== undefined && (
        <p class="error" role="status">
          {errorText(store.switchError)}
        </p>
      )}
    </div>
  );
}

/** Admins are not on call, but may want the tone for escalations nobody could take. */
function AdminSound() {
  const store = useClinician();
  const t = useT();
  return (
    <div class="card oncall">
      <button type="button" role="switch" class="switch" aria-checked={store.soundOn} aria-describedby="sound-hint" onClick={() => store.enableSound(!store.soundOn)}>
        <span class="track" aria-hidden="true">
          <span class="thumb" />
        </span>
        <span>{t('clinician.sound.admin')}</span>
      </button>
      <p id="sound-hint" class="hint">
        {t('clinician.sound.adminHint')}
      </p>
    </div>
  );
}

/** Re-renders every `ms` (ages on the board). */
function useNow(ms: number): void {
  const [, setNow] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
}
