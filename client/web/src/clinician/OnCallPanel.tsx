import { useEffect, useState } from 'preact/hooks';
import type { HttpResults } from '../../../../shared/http.js';
import { api } from '../api.js';
import { errorText } from '../errors.js';
import { formatTime, getLang, useT } from '../i18n/index.js';
import { useAppState } from '../state.js';
import { useClinician } from './store.js';
import './board.css';

type OnCallNow = HttpResults['GET /api/oncall/now'];
type Entry = OnCallNow['now'][number];

/** Asked again this often, so shifts that start or end show without a reload. */
const REFRESH_MS = 60_000;

const locale = () => (getLang() === 'nl' ? 'nl-NL' : 'en-GB');
const sameDay = (a: Date, b: Date) => a.toDateString() === b.toDateString();
const dayAndTime = (): Intl.DateTimeFormatOptions => ({ weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

/** "18:00" today, "Thu 13 Mar, 08:00" on another day. */
function untilText(iso: string): string {
  const date = new Date(iso);
  return sameDay(date, new Date()) ? formatTime(iso) : date.toLocaleString(locale(), dayAndTime());
}

/** "Thu 13 Mar, 08:00 – 16:00", or with both days when it runs past midnight. */
function rangeText(from: string, to: string): string {
  return new Intl.DateTimeFormat(locale(), dayAndTime()).formatRange(new Date(from), new Date(to));
}

/** One line per person: a shift tells more (tier, until) than the switch; of two shifts, the longer. */
function onePerPerson(entries: Entry[]): Entry[] {
  const byUser = new Map<string, Entry>();
  for (const e of entries) {
    const seen = byUser.get(e.userId);
    const better = !seen || (e.via === 'shift' && (seen.via === 'declared' || (e.until ?? '') > (seen.until ?? '')));
    if (better) byUser.set(e.userId, { ...e, name: e.name ?? seen?.name });
  }
  return [...byUser.values()];
}

/**
 * Who is on call now (a shift, or the switch while in the app) and the next shifts to start, for
 * clinicians and admins on the board. Asked when the board opens, every minute, and when the
 * person's own switch changes. Not a live region: it is reference, not news.
 */
export function OnCallPanel() {
  const t = useT();
  const session = useAppState().session!;
  const onCall = useClinician().onCall;
  const [data, setData] = useState<OnCallNow | undefined>();
  const [failure, setFailure] = useState<unknown>();
  useEffect(() => {
    let live = true;
    const load = () =>
      api('GET /api/oncall/now', { token: session.token }).then(
        (answer) => {
          if (!live) return;
          setData(answer);
          setFailure(undefined);
        },
        (err: unknown) => live && setFailure(err),
      );
    void load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [session.token, onCall]);

  const names = new Map<string, string>();
  for (const e of data?.now ?? []) if (e.name) names.set(e.userId, e.name);
  names.set(session.userId, session.name);
  const who = (userId: string) => (
    <>
      <bdi class="person">{names.get(userId) ?? userId}</bdi>
      {userId === session.userId && <> {t('clinician.oncallPanel.you')}</>}
    </>
  );

  const now = onePerPerson(data?.now ?? []);
  return (
    <section class="card oncall-panel" aria-labelledby="oncall-now-title">
      <h2 id="oncall-now-title">{t('clinician.oncallPanel.title')}</h2>
      {!data && failure === undefined && <p class="muted">{t('clinician.oncallPanel.loading')}</p>}
      {data && now.length === 0 && <p class="oncall-nobody">{t('clinician.oncallPanel.nobody')}</p>}
      {now.length > 0 && (
        <ul class="oncall-list">
          {now.map((e) => (
            <li key={e.userId}>
              {who(e.userId)}
              <Tier name={e.tier} />
              {' · '}
              <span class="muted">{e.via === 'shift' && e.until ? t('clinician.oncallPanel.until', { time: untilText(e.until) }) : t('clinician.oncallPanel.declared')}</span>
            </li>
          ))}
        </ul>
      )}
      {data && (
        <>
          <h3 id="oncall-next-title">{t('clinician.oncallPanel.next')}</h3>
          {data.next.length === 0 ? (
            <p class="muted">{t('clinician.oncallPanel.noneNext')}</p>
          ) : (
            <ul class="oncall-list" aria-labelledby="oncall-next-title">
              {data.next.map((s) => (
                <li key={s.id}>
                  {who(s.userId)}
                  <Tier name={s.tier} />
                  {' · '}
                  <time dateTime={s.from}>{rangeText(s.from, s.to)}</time>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <p role="status" class="error oncall-status">
        {failure !== undefined ? t('clinician.oncallPanel.failed', { reason: errorText(failure) }) : ''}
      </p>
    </section>
  );
}

/** " · tier", when the person is on call for a named tier. */
function Tier({ name }: { name?: string | undefined }) {
  return name ? (
    <>
      {' · '}
      <span dir="auto">{name}</span>
    </>
  ) : null;
}
