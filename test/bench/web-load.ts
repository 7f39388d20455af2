import { existsSync } from 'node:fs';
import { launchBrowser, startWebServer } from '../e2e/browser.js';

/**
 * The web app's first load: from navigation to the sign-in page's "Talk to someone now" being
 * visible and enabled, in fresh browser contexts (nothing cached), on the embedded default.
 * Needs Debian's Chromium (installed by the test setup); skipped without it.
 */
export async function benchWebLoad(loads = 10): Promise<number[] | undefined> {
  if (!existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) return undefined;
  const [browser, server] = await Promise.all([launchBrowser(), startWebServer()]);
  try {
    const times: number[] = [];
    for (let i = 0; i < loads; i++) {
      const context = await browser.newContext({ locale: 'en-GB' });
      const page = await context.newPage();
      await page.goto(`${server.url}/?lang=en`);
      await page.getByRole('button', { name: 'Talk to someone now' }).waitFor({ state: 'visible' });
      times.push(await page.evaluate(() => performance.now()));
      await context.close();
    }
    return times.sort((a, b) => a - b);
  } finally {
    await browser.close();
    await server.close();
  }
}
