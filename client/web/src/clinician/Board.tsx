import { useScreens } from './lazy.js';

/** The escalation board (#/board) for clinicians and admins; its code loads on first use. */
export function Board() {
  const screens = useScreens();
  return screens ? <screens.BoardScreen /> : null;
}
