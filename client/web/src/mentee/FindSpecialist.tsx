import { useEffect, useState } from 'preact/hooks';
import { errorText } from '../errors.js';
import { getLang, useT } from '../i18n/index.js';
import { go } from '../route.js';
import { useAppState } from '../state.js';

interface Waiting {
  requestId: string;
  position: number;
  etaSec: number;
  notice?: string;
}

/** The request form, then the live place in the queue, then the chat once a specialist accepts. */
export function FindSpecialist() {
  const state = useAppState();
  const t = useT();
  const [waiting, setWaiting] = useState<Waiting | undefined>(queued.current);
  const [matched, setMatched] = useState<{ conversationId: string; name: string } | undefined>();
  const [message, setMessage] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const client = state.client;
    if (!client) return;
    const offQueued = client.on('supportQueued', (e) => {
      queued.current = { ...queued.current, requestId: e.requestId, position: e.position, etaSec: e.etaSec };
      setWaiting(queued.current);
    });
    const offMatched = client.on('supportMatched', (e) => {
      queued.current = undefined;
      setWaiting(undefined);
      const specialist = e.conversation.participants.find((p) => p.userId === e.mentorship.specialistId);
      setMatched({ conversationId: e.conversation.id, name: specialist?.name ?? e.mentorship.specialistId });
      go('c', e.conversation.id);
    });
    return () => {
      offQueued();
      offMatched();
    };
  }, [state.client]);

  const request = async (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const note = String(form.get('note') ?? '').trim();
    setBusy(true);
    setMessage(undefined);
    try {
      const result = await state.client!.request('support:request', {
        topic: String(form.get('topic') ?? '').trim(),
        language: String(form.get('language') ?? getLang()),
        ...(note ? { note } : {}),
      });
      queued.current = { requestId: result.request.id, position: result.position, etaSec: result.etaSec, ...(result.notice ? { notice: result.notice.message } : {}) };
      setWaiting(queued.current);
    } catch (err) {
      setMessage(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const cancel = async () => {
    if (!waiting) return;
    try {
      await state.client!.request('support:cancel', { requestId: waiting.requestId });
      queued.current = undefined;
      setWaiting(undefined);
      setMessage(t('find.cancelled'));
    } catch (err) {
      setMessage(errorText(err));
    }
  };

  return (
    <section aria-labelledby="find-title">
      <h1 id="find-title">{t('find.title')}</h1>
      {message && <p role="status">{message}</p>}
      {matched ? (
        <p role="status">
          {t('find.matched', { name: matched.name })} <a href={`#/c/${encodeURIComponent(matched.conversationId)}`}>{t('find.open')}</a>
        </p>
      ) : waiting ? (
        <div class="card queue" aria-live="polite">
          <p>{t('find.waiting', { position: waiting.position })}</p>
          <p>{waiting.etaSec < 60 ? t('find.etaSoon') : t('find.eta', { minutes: Math.round(waiting.etaSec / 60) })}</p>
          {waiting.notice && <p dir="auto">{waiting.notice}</p>}
          <button type="button" onClick={() => void cancel()}>
            {t('find.cancel')}
          </button>
        </div>
      ) : (
        <form class="card" onSubmit={(e) => void request(e)}>
          <p>{t('find.intro')}</p>
          <label>
            {t('find.topic')}
            <input name="topic" required maxLength={60} placeholder={t('find.topicHint')} />
          </label>
          <label for="find-language">{t('find.language')}</label>
          <select id="find-language" name="language" value={getLang()}>
            <option value="nl">Nederlands</option>
            <option value="en">English</option>
          </select>
          <label>
            {t('find.note')}
            <textarea name="note" rows={3} maxLength={1000} dir="auto" />
          </label>
          <button type="submit" class="primary" disabled={busy}>
            {t('find.submit')}
          </button>
        </form>
      )}
    </section>
  );
}

/** The open request outlives the screen (the person may look at a group while waiting). */
const queued: { current: Waiting | undefined } = { current: undefined };
