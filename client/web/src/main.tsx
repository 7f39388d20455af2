import { render } from 'preact';
import { App } from './App.js';
import { resumeProvider } from './auth/oidc.js';
import { app } from './state.js';
import { loadSession } from './session.js';
import './styles.css';

// Links in e-mails and pager events lead to /escalations/<id>: the board, with that escalation.
const fromLink = location.pathname.match(/^\/escalations\/([^/]+)$/);
if (fromLink) history.replaceState(null, '', `/#/board/${fromLink[1]}`);

const session = loadSession();
if (session) {
  app.signIn(session).catch(() => app.signOut('expired'));
}
// The organisation's provider: its sign-in callback (?code=&state=), or renewal for a session it gave.
resumeProvider(session);
render(<App />, document.getElementById('app')!);

// The service worker shows clinicians' alerts as system notifications (see public/sw.js).
if ('serviceWorker' in navigator) navigator.serviceWorker.register('/sw.js').catch(() => {});
