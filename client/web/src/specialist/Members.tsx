import { useRef, useState } from 'preact/hooks';
import type { Participant } from '../../../../shared/models.js';
import { errorText } from '../errors.js';
import { formatDateTime, useT, type MessageKey } from '../i18n/index.js';
import { useAppState, type ConversationView } from '../state.js';
import { MUTE_MAX_SEC, type Say } from './labels.js';
import { specialist, useSpecialist } from './store.js';

const MUTE_OPTIONS: { sec: number; key: MessageKey }[] = [
  { sec: 600, key: 'sp.mod.for10min' },
  { sec: 3600, key: 'sp.mod.for1h' },
  { sec: 86_400, key: 'sp.mod.for1d' },
  { sec: MUTE_MAX_SEC, key: 'sp.mod.for7d' },
];

/** The group's members, each with mute, remove, ban and role; and who was banned here this session. */
export function Members({ view, say }: { view: ConversationView; say: Say }) {
  const state = useAppState();
  const store = useSpecialist();
  const t = useT();
  const me = state.session!.userId;
  const id = view.summary.id;
  const banned = store.banned.get(id) ?? [];

  const unban = async (user: { userId: string; name: string }) => {
    try {
      await state.client!.request('moderation:unban', { conversationId: id, userId: user.userId });
      specialist.banned.set(id, banned.filter((b) => b.userId !== user.userId));
      specialist.changed();
      say(() => t('sp.mod.unbanned', { name: user.name }));
    } catch (err) {
      say(() => errorText(err), true);
    }
  };

  return (
    <>
      <ul class="mod-list members">
        {view.summary.participants.map((p) => (
          <Member view={view} participant={p} self={p.userId === me} say={say} />
        ))}
      </ul>
      {banned.length > 0 && (
        <>
          <h3>{t('sp.mod.bannedTitle')}</h3>
          <ul class="mod-list">
            {banned.map((b) => (
              <li>
                <bdi>{b.name}</bdi>{' '}
                <button type="button" onClick={() => void unban(b)}>
                  {t('sp.mod.unban')}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

function Member({ view, participant: p, self, say }: { view: ConversationView; participant: Participant; self: boolean; say: Say }) {
  const state = useAppState();
  const t = useT();
  const [open, setOpen] = useState(false);
  const reasonRef = useRef<HTMLInputElement>(null);
  const durationRef = useRef<HTMLSelectElement>(null);
  const id = view.summary.id;
  const name = p.name ?? p.userId;
  const formId = `member-${p.userId}`;

  /** The reason, or undefined after asking for one (the member is told why). */
  const reason = (): string | undefined => {
    const value = reasonRef.current?.value.trim() ?? '';
    if (value) return value;
    say(() => t('sp.mod.needReason'), true);
    reasonRef.current?.focus();
    return undefined;
  };

  const run = async (step: () => Promise<() => string>) => {
    try {
      say(await step());
    } catch (err) {
      say(() => errorText(err), true);
    }
  };

  const client = state.client!;
  const mute = () => {
    const why = reason();
    if (!why) return;
    void run(async () => {
      const { sanction } = await client.request('moderation:mute', { conversationId: id, userId: p.userId, durationSec: Number(durationRef.current?.value ?? 600), reason: why });
      return () => t('sp.mod.muted', { name, until: formatDateTime(sanction.until!) });
    });
  };
  const unmute = () =>
    void run(async () => {
      await client.request('moderation:unmute', { conversationId: id, userId: p.userId });
      return () => t('sp.mod.unmuted', { name });
    });
  const remove = (ban: boolean) => {
    const why = reason();
    if (!why) return;
    void run(async () => {
      await client.request('moderation:remove', { conversationId: id, userId: p.userId, ban, reason: why });
      if (ban) {
        specialist.banned.set(id, [...(specialist.banned.get(id) ?? []), { userId: p.userId, name }]);
        specialist.changed();
      }
      return () => t(ban ? 'sp.mod.bannedOne' : 'sp.mod.removed', { name });
    });
  };
  const setRole = (role: 'facilitator' | 'member') =>
    void run(async () => {
      await client.request('group:setRole', { conversationId: id, userId: p.userId, role });
      return () => t('sp.mod.roleSet', { name, role: t(`sp.mod.role.${role}`) });
    });

  // Fellow facilitators and staff are not sanctioned here (the server refuses it too).
  const manageable = !self && p.role === 'member';
  return (
    <li>
      <bdi class="sender">{name}</bdi>
      {self && ` ${t('sp.mod.you')}`} · {t(`sp.mod.role.${p.role === 'facilitator' ? 'facilitator' : p.role === 'clinician' ? 'clinician' : 'member'}`)} ·{' '}
      <span class={p.online ? 'presence on' : 'presence'}>{t(p.online ? 'conv.online' : 'conv.offline')}</span>{' '}
      {manageable && (
        <button type="button" class="small" aria-expanded={open} aria-controls={formId} onClick={() => setOpen(!open)}>
          {t('sp.mod.manage')}
          <span class="visually-hidden"> {name}</span>
        </button>
      )}
      {manageable && open && (
        <form id={formId} class="member-form" onSubmit={(e) => e.preventDefault()}>
          <label>
            {t('sp.mod.reason')}
            <input ref={reasonRef} name="reason" maxLength={500} autoComplete="off" />
          </label>
          <label for={`${formId}-duration`}>{t('sp.mod.muteFor')}</label>
          <select id={`${formId}-duration`} ref={durationRef}>
            {MUTE_OPTIONS.map((o) => (
              <option value={o.sec}>{t(o.key)}</option>
            ))}
          </select>
          <div class="actions">
            <button type="button" onClick={mute}>
              {t('sp.mod.mute')}
            </button>
            <button type="button" onClick={unmute}>
              {t('sp.mod.unmute')}
            </button>
            <button type="button" class="danger" onClick={() => remove(false)}>
              {t('sp.mod.remove')}
            </button>
            <button type="button" class="danger" onClick={() => remove(true)}>
              {t('sp.mod.ban')}
            </button>
            <button type="button" onClick={() => setRole('facilitator')}>
              {t('sp.mod.makeFacilitator')}
            </button>
          </div>
        </form>
      )}
    </li>
  );
}
