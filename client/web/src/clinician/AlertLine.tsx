import { useScreens } from './lazy.js';

/**
 * Above every screen for clinicians and admins: the new-alert line and the title badge. Mounting it
 * at sign-in loads the clinician's code, which starts listening for escalations at once.
 */
export function AlertLine() {
  const screens = useScreens();
  return screens ? <screens.AlertBanner /> : null;
}
