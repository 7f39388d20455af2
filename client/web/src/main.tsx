import { render } from 'preact';
import { App } from './App.js';
import { app } from './state.js';
import { loadSession } from './session.js';
import './styles.css';

const session = loadSession();
if (session) {
  app.signIn(session).catch(() => app.signOut('expired'));
}
render(<App />, document.getElementById('app')!);

// The service worker shows clinicians' alerts as system notifications (see public/sw.js).
if ('serviceWorker' in navigator) navigator.serviceWorker.register('/sw.js').catch(() => {});
