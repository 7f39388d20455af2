import { useEffect, useState } from 'preact/hooks';
import type { GroupListing } from '../../../../shared/models.js';
import { errorText } from '../errors.js';
import { useT } from '../i18n/index.js';
import { go } from '../route.js';
import { useAppState } from '../state.js';

/** The group directory: browse, join, open, leave. */
export function Groups() {
  const state = useAppState();
  const t = useT();
  const [groups, setGroups] = useState<GroupListing[] | undefined>();
  const [message, setMessage] = useState<string | undefined>();

  const load = () =>
    state.client
      ?.request('group:list', {})
      .then((r) => setGroups(r.groups))
      .catch((err: unknown) => setMessage(errorText(err)));
  useEffect(() => void load(), [state.client, state.connection]);

  const join = async (id: string) => {
    try {
      const { conversation } = await state.client!.request('group:join', { conversationId: id });
      await state.track(conversation);
      go('c', id);
    } catch (err) {
      setMessage(errorText(err));
    }
  };
  const leave = async (id: string) => {
    try {
      await state.client!.request('group:leave', { conversationId: id });
      state.conversations.delete(id);
      state.changed();
      await load();
    } catch (err) {
      setMessage(errorText(err));
    }
  };

  return (
    <section aria-labelledby="groups-title">
      <h1 id="groups-title">{t('groups.title')}</h1>
      {message && <p role="status">{message}</p>}
      {groups && groups.length === 0 && <p class="muted">{t('groups.none')}</p>}
      <ul class="groups">
        {groups?.map((g) => (
          <li class="card">
            <h2>
              <bdi>{g.name}</bdi>
            </h2>
            {g.description && <p dir="auto">{g.description}</p>}
            <p class="muted">
              {t('groups.members', { count: g.memberCount })}
              {g.joined && ` · ${t('groups.joined')}`}
            </p>
            {g.joined ? (
              <>
                <button type="button" onClick={() => go('c', g.id)}>
                  {t('groups.open')}
                </button>{' '}
                <button type="button" onClick={() => void leave(g.id)}>
                  {t('groups.leave')}
                </button>
              </>
            ) : (
              <button type="button" class="primary" onClick={() => void join(g.id)}>
                {t('groups.join')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
