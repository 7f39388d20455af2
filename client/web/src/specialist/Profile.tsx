import { fromArea } from './lazy.js';

/** The specialist's profile, caseload and "Create a group" (ProfileScreen.tsx, loaded on first use). */
export const Profile = fromArea((a) => a.ProfileScreen);
