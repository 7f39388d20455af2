import { ensureWebBuild } from '../../client/web/build.js';

/**
 * Once, before any test file starts: the web app's build. Test files run two at a time, and two
 * of them building at once would each empty the other's output while its server serves it.
 */
export default async function setup(): Promise<void> {
  await ensureWebBuild({ quiet: true });
}
