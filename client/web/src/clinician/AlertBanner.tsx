import { useEffect } from 'preact/hooks';
import { getLang, t, useT } from '../i18n/index.js';
import { useRoute } from '../route.js';
import { categoriesText, severityText } from './labels.js';
import { useClinician, type Announcement } from './store.js';
import './board.css';

/** The title before it was badged, put back when nothing waits any more. */
let plainTitle: string | undefined;

/**
 * Above every screen for clinicians and admins: the one live line announcing a NEW escalation
 * (role="alert", never taking focus) and the tab title's badge while escalations wait.
 */
export function AlertBanner() {
  const store = useClinician();
  const t = useT();
  const [screen] = useRoute();
  const waiting = store.unacknowledged.length;
  const lang = getLang();

  useEffect(() => {
    if (waiting > 0) {
      plainTitle ??= document.title;
      document.title = `(${waiting}) ${t('clinician.board.title')} — ${t('appName')}`;
    } else if (plainTitle !== undefined) {
      document.title = plainTitle;
      plainTitle = undefined;
    }
  }, [waiting, lang]);
  useEffect(
    () => () => {
      if (plainTitle !== undefined) document.title = plainTitle;
      plainTitle = undefined;
    },
    [],
  );

  const a = store.announcement;
  return (
    <div class={a ? 'alert-line on' : 'alert-line'}>
      <p role="alert">{a ? announcementText(a) : ''}</p>
      {a && screen !== 'board' && <a href="#/board">{t('clinician.alert.goToBoard')}</a>}
    </div>
  );
}

function announcementText(a: Announcement): string {
  const vars = { severity: severityText(a.severity), categories: categoriesText(a.categories) };
  const plain = a.categories.length === 0;
  if (a.kind === 'unrouted') return plain ? t('clinician.alert.unroutedPlain', vars) : t('clinician.alert.unrouted', vars);
  return plain ? t('clinician.alert.newPlain', vars) : t('clinician.alert.new', vars);
}
