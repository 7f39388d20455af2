import type { ComponentChildren } from 'preact';
import { AdminScreen } from './admin/AdminScreen.js';
import { ChatScreen } from './chat/ChatScreen.js';
import { ConversationList } from './chat/ConversationList.js';
import { AlertLine } from './clinician/AlertLine.js';
import { Board } from './clinician/Board.js';
import { CrisisPanel } from './components/CrisisPanel.js';
import { Header } from './components/Header.js';
import { useT, type MessageKey } from './i18n/index.js';
import { FindSpecialist } from './mentee/FindSpecialist.js';
import { Groups } from './mentee/Groups.js';
import { go, useRoute } from './route.js';
import { SignIn } from './SignIn.js';
import { Profile } from './specialist/Profile.js';
import { SpecialistBar } from './specialist/SpecialistBar.js';
import { useAppState } from './state.js';
import type { Role } from '../../../shared/models.js';

interface NavItem {
  path: string;
  label: MessageKey;
}

/** What each role finds in the navigation; the first entry is their home. */
const NAV: Record<Role, NavItem[]> = {
  mentee: [
    { path: 'conversations', label: 'nav.conversations' },
    { path: 'find', label: 'nav.findSpecialist' },
    { path: 'groups', label: 'nav.groups' },
  ],
  specialist: [
    { path: 'conversations', label: 'nav.conversations' },
    { path: 'groups', label: 'nav.groups' },
    { path: 'profile', label: 'nav.profile' },
  ],
  clinician: [
    { path: 'board', label: 'nav.board' },
    { path: 'conversations', label: 'nav.conversations' },
  ],
  admin: [
    { path: 'admin', label: 'nav.admin' },
    { path: 'board', label: 'nav.board' },
    { path: 'conversations', label: 'nav.conversations' },
  ],
};

export function App() {
  const state = useAppState();
  const t = useT();
  const route = useRoute();
  const session = state.session;

  if (!session) {
    return (
      <Frame>
        <SignIn />
      </Frame>
    );
  }
  const nav = NAV[session.role];
  const [screen = nav[0]!.path, id] = route;
  return (
    <Frame>
      {session.role === 'specialist' && <SpecialistBar />}
      {(session.role === 'clinician' || session.role === 'admin') && <AlertLine />}
      <nav aria-label={t('nav.main')} class="nav">
        {nav.map((item) => (
          <a href={`#/${item.path}`} aria-current={screen === item.path || (screen === 'c' && item.path === 'conversations') ? 'page' : undefined}>
            {t(item.label)}
          </a>
        ))}
      </nav>
      <Screen screen={screen} id={id} />
    </Frame>
  );
}

function Screen({ screen, id }: { screen: string; id: string | undefined }) {
  const role = useAppState().session!.role;
  switch (screen) {
    case 'c':
      return id ? <ChatScreen conversationId={id} /> : <ConversationList />;
    case 'find':
      return <FindSpecialist />;
    case 'groups':
      return <Groups />;
    case 'board':
      return role === 'clinician' || role === 'admin' ? <Board /> : <ConversationList />;
    case 'admin':
      return role === 'admin' ? <AdminScreen /> : <ConversationList />;
    case 'profile':
      return role === 'specialist' ? <Profile /> : <ConversationList />;
    default:
      return <ConversationList />;
  }
}

/** Header, the crisis panel in the same place on every screen, then the screen. */
function Frame({ children }: { children: ComponentChildren }) {
  const t = useT();
  return (
    <>
      <a class="skip" href="#main">
        {t('skipToContent')}
      </a>
      <Header />
      <CrisisPanel />
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}

export { go };
