import { useT } from '../i18n/index.js';
import { useAppState } from '../state.js';
import { conversationTitle } from './names.js';

/** The person's conversations (mentorship, groups, support) with unread counts, newest activity first. */
export function ConversationList() {
  const state = useAppState();
  const t = useT();
  const me = state.session?.userId;
  const views = [...state.conversations.values()].sort((a, b) => Number(b.summary.status === 'active') - Number(a.summary.status === 'active'));
  return (
    <section aria-labelledby="conversations-title">
      <h1 id="conversations-title">{t('nav.conversations')}</h1>
      {views.length === 0 ? (
        <p class="muted">{t('conv.none')}</p>
      ) : (
        <ul class="conversations">
          {views.map((view) => {
            const unread = state.unread(view);
            const others = view.summary.participants.filter((p) => p.userId !== me);
            const online = !view.summary.group && others.some((p) => p.online);
            return (
              <li>
                <a href={`#/c/${encodeURIComponent(view.summary.id)}`}>
                  <span class="title">{conversationTitle(view.summary, me)}</span>
                  {!view.summary.group && <span class={online ? 'presence on' : 'presence'}>{t(online ? 'conv.online' : 'conv.offline')}</span>}
                  {view.summary.status !== 'active' && <span class="muted"> · {t('conv.ended')}</span>}
                  {view.summary.riskFlag && <span class="flag">⚑</span>}
                  {unread > 0 && <span class="badge">{t('conv.unread', { count: unread })}</span>}
                </a>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
