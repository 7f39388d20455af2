import { useEffect, useRef, useState } from 'preact/hooks';
import type { Message } from '../../../index.js';
import { ClinicianChatTools } from '../clinician/ChatTools.js';
import { errorText } from '../errors.js';
import { formatTime, useT } from '../i18n/index.js';
import { SpecialistChatTools } from '../specialist/ChatTools.js';
import { useAppState, type ConversationView } from '../state.js';
import { conversationTitle } from './names.js';

/** Stop saying "typing" after this long without a keystroke. */
const TYPING_IDLE_MS = 3000;

export function ChatScreen({ conversationId }: { conversationId: string }) {
  const state = useAppState();
  const t = useT();
  const view = state.conversation(conversationId);
  const me = state.session!;

  useEffect(() => {
    if (view && !view.historyLoaded) void state.loadHistory(conversationId);
  }, [conversationId, Boolean(view)]);

  // Read while on screen and the tab is visible.
  const lastSeq = view?.messages.at(-1)?.seq ?? 0;
  useEffect(() => {
    const mark = () => document.visibilityState === 'visible' && void state.markRead(conversationId);
    mark();
    document.addEventListener('visibilitychange', mark);
    return () => document.removeEventListener('visibilitychange', mark);
  }, [conversationId, lastSeq]);

  if (!view) return <p class="muted">{t('chat.pick')}</p>;
  const title = conversationTitle(view.summary, me.userId);
  return (
    <section class="chat" aria-labelledby="chat-title">
      <div class="chat-head">
        <a href="#/conversations" class="back">
          {t('chat.back')}
        </a>
        <h1 id="chat-title">
          <bdi>{title}</bdi>
        </h1>
        <ul class="people" aria-label={t('chat.messages')}>
          {view.summary.participants
            .filter((p) => p.userId !== me.userId && !view.summary.group)
            .map((p) => (
              <li>
                <bdi>{p.name ?? p.userId}</bdi> · <span class={p.online ? 'presence on' : 'presence'}>{t(p.online ? 'conv.online' : 'conv.offline')}</span>
              </li>
            ))}
        </ul>
      </div>
      {me.role === 'specialist' && <SpecialistChatTools view={view} />}
      {(me.role === 'clinician' || me.role === 'admin') && <ClinicianChatTools view={view} />}
      <MessageLog view={view} />
      <Typing view={view} />
      {view.summary.status === 'active' ? <Composer view={view} /> : <p class="muted">{t('chat.ended')}</p>}
    </section>
  );
}

function MessageLog({ view }: { view: ConversationView }) {
  const state = useAppState();
  const t = useT();
  const me = state.session!.userId;
  const logRef = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);

  // Follow new messages only when the reader is already at the bottom; never move focus.
  useEffect(() => {
    const log = logRef.current;
    if (log && atBottom.current) log.scrollTop = log.scrollHeight;
  }, [view.messages.length]);

  const others = view.summary.participants.filter((p) => p.userId !== me);
  const lastOwn = [...view.messages].reverse().find((m) => m.senderId === me);
  const readers = lastOwn ? others.filter((p) => (view.readBy.get(p.userId) ?? 0) >= lastOwn.seq).map((p) => p.name ?? p.userId) : [];

  return (
    <div
      class="log"
      role="log"
      aria-label={t('chat.messages')}
      tabIndex={0}
      ref={logRef}
      onScroll={(e) => {
        const el = e.currentTarget;
        atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
      }}
    >
      {view.hasOlder && (
        <button type="button" class="older" onClick={() => void state.loadHistory(view.summary.id, true)}>
          {t('chat.loadOlder')}
        </button>
      )}
      {!view.hasOlder && view.historyLoaded && (view.messages[0]?.seq ?? 1) > 1 && <p class="muted small">{t('chat.earlierRemoved')}</p>}
      {view.messages.map((m) => (
        <MessageItem message={m} own={m.senderId === me} />
      ))}
      {readers.length > 0 && <p class="read muted">{t('chat.readBy', { names: readers.join(', ') })}</p>}
      {view.notices.map((n) => (
        <p class="notice">{n}</p>
      ))}
    </div>
  );
}

function MessageItem({ message, own }: { message: Message; own: boolean }) {
  const state = useAppState();
  const t = useT();
  const [reporting, setReporting] = useState(false);
  const [reported, setReported] = useState<string | undefined>();
  const report = async (e: Event) => {
    e.preventDefault();
    const reason = String(new FormData(e.currentTarget as HTMLFormElement).get('reason') ?? '').trim();
    if (!reason) return;
    try {
      await state.client!.request('message:report', { messageId: message.id, reason });
      setReported(t('chat.reported'));
    } catch (err) {
      setReported(errorText(err));
    }
    setReporting(false);
  };
  return (
    <article class={own ? 'msg own' : 'msg'} aria-label={`${own ? t('chat.you') : message.senderName}, ${formatTime(message.createdAt)}`}>
      <header>
        <bdi class="sender">{own ? t('chat.you') : message.senderName}</bdi> <time dateTime={message.createdAt}>{formatTime(message.createdAt)}</time>
      </header>
      {message.redaction && !message.body ? (
        <p class="muted">{t('chat.removed')}</p>
      ) : (
        <p class="body" dir="auto">
          {message.body}
        </p>
      )}
      {!own && !message.redaction && !reported && (
        <button type="button" class="link small" onClick={() => setReporting(!reporting)} aria-expanded={reporting}>
          {t('chat.report')}
        </button>
      )}
      {reporting && (
        <form class="report" onSubmit={(e) => void report(e)}>
          <label>
            {t('chat.reportReason')}
            <input name="reason" required maxLength={500} />
          </label>
          <button type="submit">{t('chat.report')}</button>
        </form>
      )}
      {reported && <p class="muted small">{reported}</p>}
    </article>
  );
}

function Typing({ view }: { view: ConversationView }) {
  const t = useT();
  const names = [...view.typing].map((id) => view.summary.participants.find((p) => p.userId === id)?.name ?? id);
  return (
    <p class="typing muted" aria-live="polite">
      {names.length > 0 ? t('chat.typing', { name: names.join(', ') }) : ''}
    </p>
  );
}

function Composer({ view }: { view: ConversationView }) {
  const state = useAppState();
  const t = useT();
  const [text, setText] = useState('');
  // The refusal as it came (code, retryAfterMs, details); shown as a sentence with a live countdown.
  const [failure, setFailure] = useState<{ code?: string; retryAfterMs?: number } | undefined>();
  const [until, setUntil] = useState(0);
  const [, tick] = useState(0);
  const typingTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const typing = useRef(false);
  const id = view.summary.id;

  // A countdown (rate limit, slow mode) re-renders each second until it runs out.
  useEffect(() => {
    if (until <= Date.now()) return;
    const timer = setInterval(() => {
      tick((n) => n + 1);
      if (until <= Date.now()) {
        clearInterval(timer);
        setFailure(undefined);
      }
    }, 1000);
    return () => clearInterval(timer);
  }, [until]);

  const setTyping = (on: boolean) => {
    if (typing.current !== on) void state.client?.setTyping(id, on).catch(() => {});
    typing.current = on;
  };

  const onInput = (value: string) => {
    setText(value);
    setTyping(value.length > 0);
    clearTimeout(typingTimer.current);
    typingTimer.current = setTimeout(() => setTyping(false), TYPING_IDLE_MS);
  };

  const send = async (e?: Event) => {
    e?.preventDefault();
    const body = text.trim();
    if (!body || !state.client) return;
    setFailure(undefined);
    setTyping(false);
    try {
      const result = await state.client.send(id, body);
      setText('');
      if (result.status === 'held') {
        view.notices = [...view.notices, t('chat.held', { reason: result.explanation || t('chat.heldContact') })];
        state.changed();
      }
    } catch (err) {
      const refusal = err as { code?: string; retryAfterMs?: number };
      if (refusal.retryAfterMs) setUntil(Date.now() + refusal.retryAfterMs);
      setFailure(refusal);
    }
  };

  const secondsLeft = Math.ceil((until - Date.now()) / 1000);
  return (
    <form class="composer" onSubmit={(e) => void send(e)}>
      {failure && (
        <p class="error" role="status">
          {errorText(secondsLeft > 0 ? { ...failure, retryAfterMs: secondsLeft * 1000 } : failure)}
        </p>
      )}
      <label class="visually-hidden" for={`composer-${id}`}>
        {t('chat.message')}
      </label>
      <textarea
        id={`composer-${id}`}
        value={text}
        rows={2}
        dir="auto"
        onInput={(e) => onInput((e.target as HTMLTextAreaElement).value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey) void send(e);
        }}
      />
      <button type="submit" class="primary">
        {t('chat.send')}
      </button>
    </form>
  );
}
