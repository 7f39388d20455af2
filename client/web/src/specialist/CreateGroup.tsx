import { useState } from 'preact/hooks';
import type { ContactPolicy, GroupVisibility } from '../../../../shared/models.js';
import { errorText } from '../errors.js';
import { useT, type MessageKey } from '../i18n/index.js';
import { go } from '../route.js';
import { useAppState } from '../state.js';
import { CONTACT_POLICIES, GROUP_CAPACITY_DEFAULT, GROUP_CAPACITY_MAX, GROUP_VISIBILITIES } from './labels.js';

/** A new group room, facilitated by its creator. */
export function CreateGroup() {
  const state = useAppState();
  const t = useT();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const create = async (e: Event) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget as HTMLFormElement);
    const description = String(data.get('description') ?? '').trim();
    setBusy(true);
    setError(undefined);
    try {
      const { group } = await state.client!.request('group:create', {
        name: String(data.get('name') ?? '').trim(),
        ...(description ? { description } : {}),
        visibility: String(data.get('visibility')) as GroupVisibility,
        capacity: Number(data.get('capacity')),
        contactPolicy: String(data.get('contactPolicy')) as ContactPolicy,
      });
      await state.track(group);
      go('c', group.id);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card create-group" aria-labelledby="create-group-title" onSubmit={(e) => void create(e)}>
      <h2 id="create-group-title">{t('sp.group.create')}</h2>
      <label>
        {t('sp.group.name')}
        <input name="name" required maxLength={80} autoComplete="off" />
      </label>
      <label>
        {t('sp.group.description')}
        <textarea name="description" rows={2} maxLength={1000} dir="auto" />
      </label>
      <label for="group-visibility">{t('sp.group.visibility')}</label>
      <select id="group-visibility" name="visibility">
        {GROUP_VISIBILITIES.map((v) => (
          <option value={v}>{t(`sp.group.visibility.${v}` as MessageKey)}</option>
        ))}
      </select>
      <label>
        {t('sp.group.capacity')}
        <input name="capacity" type="number" required min={2} max={GROUP_CAPACITY_MAX} defaultValue={String(GROUP_CAPACITY_DEFAULT)} />
      </label>
      <label for="group-contact">{t('sp.mod.contactPolicy')}</label>
      <select id="group-contact" name="contactPolicy">
        {CONTACT_POLICIES.map((p) => (
          <option value={p} selected={p === 'hold'}>
            {t(`sp.mod.contact.${p}` as MessageKey)}
          </option>
        ))}
      </select>
      {error && (
        <p class="error" role="status">
          {error}
        </p>
      )}
      <button type="submit" class="primary" disabled={busy}>
        {t('sp.group.createButton')}
      </button>
    </form>
  );
}
