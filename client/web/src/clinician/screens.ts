/** Everything the clinician's screens need, in one chunk loaded on first use (see lazy.tsx). */
export { AlertBanner } from './AlertBanner.js';
export { BoardScreen } from './BoardScreen.js';
export { ChatToolsPanel } from './ChatToolsPanel.js';
