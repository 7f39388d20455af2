/** Everything of the specialist's screens, as one lazily loaded chunk (see lazy.tsx). */
export { Bar } from './Bar.js';
export { Tools } from './Tools.js';
export { ProfileScreen } from './ProfileScreen.js';
