import { useState } from 'preact/hooks';
import type { ContactPolicy } from '../../../../shared/models.js';
import { errorText } from '../errors.js';
import { formatTime, useT, type MessageKey } from '../i18n/index.js';
import { useAppState, type ConversationView } from '../state.js';
import { CONTACT_POLICIES, type Say } from './labels.js';

const SLOW_MODES = [0, 10, 30, 60, 300, 900, 3600];

/** Picks one of the recent messages and redacts it, with a reason. */
export function RedactMessage({ view, say }: { view: ConversationView; say: Say }) {
  const state = useAppState();
  const t = useT();
  const id = view.summary.id;
  const recent = view.messages.filter((m) => !m.redaction).slice(-15).reverse();

  const redact = async (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const messageId = String(data.get('message') ?? '');
    const reason = String(data.get('reason') ?? '').trim();
    if (!messageId || !reason) return say(() => t('sp.mod.needReason'), true);
    try {
      await state.client!.request('message:redact', { messageId, reason });
      form.reset();
      say(() => t('sp.mod.redacted'));
    } catch (err) {
      say(() => errorText(err), true);
    }
  };

  if (recent.length === 0) return <p class="muted small">{t('sp.mod.noMessages')}</p>;
  return (
    <form class="inline-form" onSubmit={(e) => void redact(e)}>
      <label for={`redact-${id}`}>{t('sp.mod.whichMessage')}</label>
      <select id={`redact-${id}`} name="message">
        {recent.map((m) => (
          <option value={m.id}>
            {`${m.senderName}, ${formatTime(m.createdAt)}: ${m.body.length > 60 ? `${m.body.slice(0, 60)}…` : m.body}`}
          </option>
        ))}
      </select>
      <label>
        {t('sp.mod.reason')}
        <input name="reason" maxLength={500} autoComplete="off" />
      </label>
      <button type="submit" class="danger">
        {t('sp.mod.redact')}
      </button>
    </form>
  );
}

/** Slow mode, lock and the contact-details policy of the room. */
export function RoomSettings({ view, say }: { view: ConversationView; say: Say }) {
  const state = useAppState();
  const t = useT();
  const [busy, setBusy] = useState(false);
  const group = view.summary.group;
  const id = view.summary.id;
  if (!group) return null;
  const slowModes = SLOW_MODES.includes(group.slowModeSec) ? SLOW_MODES : [...SLOW_MODES, group.slowModeSec].sort((a, b) => a - b);

  const save = async (e: Event) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget as HTMLFormElement);
    setBusy(true);
    try {
      const { group: updated } = await state.client!.request('group:update', {
        conversationId: id,
        slowModeSec: Number(data.get('slowMode')),
        locked: data.get('locked') === 'on',
        contactPolicy: String(data.get('contactPolicy')) as ContactPolicy,
      });
      await state.track(updated);
      say(() => t('sp.mod.saved'));
    } catch (err) {
      say(() => errorText(err), true);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="inline-form" key={`${group.slowModeSec}-${group.locked}-${view.summary.contactPolicy}`} onSubmit={(e) => void save(e)}>
      <label for={`slow-${id}`}>{t('sp.mod.slowMode')}</label>
      <select id={`slow-${id}`} name="slowMode">
        {slowModes.map((sec) => (
          <option value={sec} selected={sec === group.slowModeSec}>{sec === 0 ? t('sp.mod.slowOff') : sec < 60 ? t('sp.mod.everySec', { n: sec }) : sec === 3600 ? t('sp.mod.everyHour') : t('sp.mod.everyMin', { n: Math.round(sec / 60) })}</option>
        ))}
      </select>
      <label class="check">
        <input type="checkbox" name="locked" defaultChecked={group.locked} />
        {t('sp.mod.locked')}
      </label>
      <label for={`contact-${id}`}>{t('sp.mod.contactPolicy')}</label>
      <select id={`contact-${id}`} name="contactPolicy">
        {CONTACT_POLICIES.map((p) => (
          <option value={p} selected={p === view.summary.contactPolicy}>{t(`sp.mod.contact.${p}` as MessageKey)}</option>
        ))}
      </select>
      <button type="submit" disabled={busy}>
        {t('sp.mod.save')}
      </button>
    </form>
  );
}
