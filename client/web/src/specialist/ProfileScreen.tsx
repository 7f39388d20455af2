import { useEffect, useState } from 'preact/hooks';
import type { ProfileInput } from '../../../../shared/http.js';
import type { OfficeHoursSlot, SpecialistProfile } from '../../../../shared/models.js';
import { api } from '../api.js';
import { errorText } from '../errors.js';
import { formatDateTime, getLang, useT, type MessageKey } from '../i18n/index.js';
import { useAppState } from '../state.js';
import { CreateGroup } from './CreateGroup.js';
import { ENGAGEMENTS, languageName } from './labels.js';
import { specialist, useSpecialist } from './store.js';
import './specialist.css';

const COMMON_LANGUAGES = ['nl', 'en', 'de', 'fr', 'tr', 'ar', 'pl', 'es'];
const DAYS = [1, 2, 3, 4, 5, 6, 7];
const localZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'Europe/Amsterdam';

/** The specialist's listing (what mentees see, topics, languages, capacity, office hours), their caseload, and a new group. */
export function ProfileScreen() {
  const state = useAppState();
  const store = useSpecialist();
  const t = useT();
  const profile = store.profile;

  useEffect(() => void specialist.loadProfile(), []);

  return (
    <section aria-labelledby="profile-title">
      <h1 id="profile-title">{t('nav.profile')}</h1>
      {profile && (
        <p class="card caseload-card">
          {t('sp.profile.caseload', { count: profile.activeMentees ?? 0, max: profile.maxActiveMentees ?? 0 })} · {t(`sp.bar.status.${profile.availability}`)}
          {profile.backAt && ` · ${t('sp.profile.backAt', { at: formatDateTime(profile.backAt) })}`}
        </p>
      )}
      {profile === undefined ? <p class="muted">{t('sp.profile.loading')}</p> : <ProfileForm profile={profile ?? undefined} name={state.session!.name} />}
      <CreateGroup />
    </section>
  );
}

function ProfileForm({ profile, name }: { profile: SpecialistProfile | undefined; name: string }) {
  const state = useAppState();
  const t = useT();
  const [languages, setLanguages] = useState<string[]>(profile?.languages ?? [getLang()]);
  const [hours, setHours] = useState(Boolean(profile?.officeHours));
  const [slots, setSlots] = useState<OfficeHoursSlot[]>(profile?.officeHours?.slots ?? [{ day: 1, from: '09:00', to: '17:00' }]);
  const [message, setMessage] = useState<{ text: string; error: boolean } | undefined>();
  const [busy, setBusy] = useState(false);
  const shownLanguages = [...new Set([...COMMON_LANGUAGES, ...languages])];

  const save = async (e: Event) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget as HTMLFormElement);
    const text = (key: string) => String(data.get(key) ?? '').trim();
    const body: ProfileInput = {
      displayName: text('displayName'),
      bio: text('bio'),
      specialties: text('specialties').split(',').map((s) => s.trim()).filter(Boolean),
      languages,
      certified: data.get('certified') === 'on',
      engagement: text('engagement') as ProfileInput['engagement'],
      maxActiveMentees: Number(text('maxActiveMentees')),
      ...(hours ? { officeHours: { timezone: text('timezone'), slots } } : {}),
    };
    if (body.specialties.length === 0 || body.languages.length === 0) return setMessage({ text: t('sp.profile.needTopicsAndLanguages'), error: true });
    setBusy(true);
    try {
      const { profile: saved } = await api('PUT /api/specialists/me', { token: state.session!.token, body });
      specialist.setProfile(saved);
      setMessage({ text: t('sp.profile.saved'), error: false });
    } catch (err) {
      setMessage({ text: errorText(err), error: true });
    } finally {
      setBusy(false);
    }
  };

  const setSlot = (i: number, patch: Partial<OfficeHoursSlot>) => setSlots(slots.map((s, j) => (j === i ? { ...s, ...patch } : s)));

  return (
    <form class="card profile-form" onSubmit={(e) => void save(e)}>
      <h2>{profile ? t('sp.profile.edit') : t('sp.profile.create')}</h2>
      <label>
        {t('sp.profile.displayName')}
        <input name="displayName" required maxLength={80} defaultValue={profile?.displayName ?? name} autoComplete="name" />
      </label>
      <label>
        {t('sp.profile.bio')}
        <textarea name="bio" required rows={4} maxLength={2000} dir="auto" defaultValue={profile?.bio ?? ''} />
      </label>
      <label>
        {t('sp.profile.specialties')}
        <input name="specialties" required maxLength={900} defaultValue={(profile?.specialties ?? []).join(', ')} placeholder={t('sp.profile.specialtiesHint')} />
      </label>
      <fieldset>
        <legend>{t('sp.profile.languages')}</legend>
        <div class="checks">
          {shownLanguages.map((code) => (
            <label class="check">
              <input
                type="checkbox"
                checked={languages.includes(code)}
                onChange={(e) => setLanguages((e.target as HTMLInputElement).checked ? [...languages, code] : languages.filter((l) => l !== code))}
              />
              <span lang={code}>{languageName(code)}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <label class="check">
        <input type="checkbox" name="certified" defaultChecked={profile?.certified ?? false} />
        {t('sp.profile.certified')}
      </label>
      <label for="profile-engagement">{t('sp.profile.engagement')}</label>
      <select id="profile-engagement" name="engagement">
        {ENGAGEMENTS.map((e) => (
          <option value={e} selected={e === (profile?.engagement ?? 'volunteer')}>{t(`sp.profile.engagement.${e}` as MessageKey)}</option>
        ))}
      </select>
      <label>
        {t('sp.profile.capacity')}
        <input name="maxActiveMentees" type="number" required min={1} max={100} defaultValue={String(profile?.maxActiveMentees ?? 5)} />
      </label>
      <fieldset>
        <legend>{t('sp.profile.hours')}</legend>
        <label class="check">
          <input type="checkbox" checked={hours} onChange={(e) => setHours((e.target as HTMLInputElement).checked)} />
          {t('sp.profile.hoursOnly')}
        </label>
        {hours && (
          <>
            <label>
              {t('sp.profile.timezone')}
              <input name="timezone" required defaultValue={profile?.officeHours?.timezone ?? localZone()} />
            </label>
            <ul class="slots">
              {slots.map((slot, i) => (
                <li>
                  <label for={`slot-day-${i}`} class="visually-hidden">
                    {t('sp.profile.day')}
                  </label>
                  <select id={`slot-day-${i}`} value={String(slot.day)} onChange={(e) => setSlot(i, { day: Number((e.target as HTMLSelectElement).value) })}>
                    {DAYS.map((d) => (
                      <option value={d}>{t(`sp.profile.day.${d}` as MessageKey)}</option>
                    ))}
                  </select>
                  <label>
                    {t('sp.profile.from')}
                    <input type="time" required value={slot.from} onInput={(e) => setSlot(i, { from: (e.target as HTMLInputElement).value })} />
                  </label>
                  <label>
                    {t('sp.profile.to')}
                    <input type="time" required value={slot.to} onInput={(e) => setSlot(i, { to: (e.target as HTMLInputElement).value })} />
                  </label>
                  {slots.length > 1 && (
                    <button type="button" onClick={() => setSlots(slots.filter((_, j) => j !== i))}>
                      {t('sp.profile.removeSlot')}
                    </button>
                  )}
                </li>
              ))}
            </ul>
            <button type="button" onClick={() => setSlots([...slots, { day: 1, from: '09:00', to: '17:00' }])}>
              {t('sp.profile.addSlot')}
            </button>
          </>
        )}
      </fieldset>
      <p role="status" class={message?.error ? 'error' : 'calm-line'}>
        {message?.text ?? ''}
      </p>
      <button type="submit" class="primary" disabled={busy}>
        {t('sp.profile.save')}
      </button>
    </form>
  );
}
