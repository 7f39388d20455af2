import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ensureWebBuild } from '../../client/web/build.js';
import { startServer, type TestServer } from '../support/server.js';

/** Screenshots of every screen, as test output (test/e2e/screenshots, not committed). */
export const SCREENSHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));

/**
 * Debian's Chromium (installed by test/support/ensure-tools.sh), headless, with the flags this
 * machine's closed network needs. playwright-core is pinned to the release whose Chromium matches.
 */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
  });
}

/** The real server on the embedded default (its generated secret: demo sign-in exists), serving the built web app. */
export async function startWebServer(env: Record<string, string> = {}): Promise<TestServer> {
  await ensureWebBuild({ quiet: true });
  return startServer({ JWT_SECRET: '', JWT_ISSUER: '', JWT_AUDIENCE: '', MESSAGE_RATE_PER_SEC: '0', ...env });
}

/** A fresh browser context (its own sessionStorage) in a language, with a page open on the app. */
export async function openApp(browser: Browser, server: TestServer, options: { lang?: 'en' | 'nl' } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: options.lang === 'nl' ? 'nl-NL' : 'en-GB', viewport: { width: 1100, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${server.url}/?lang=${options.lang ?? 'en'}`);
  return { context, page };
}

/** Signs in through the demo form. */
export async function demoSignIn(page: Page, name: string, role: 'mentee' | 'specialist' | 'clinician' | 'admin'): Promise<void> {
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Role', { exact: true }).selectOption(role);
  await page.getByRole('button', { name: 'Sign in for the demo' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** The demo's user id for a name and role (server/auth/demo.routes.ts). */
export const demoId = (role: string, name: string) => `demo-${role}-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
}

/** Chromium and the web server for a test file (its `beforeAll`). */
export async function startWebTest(env: Record<string, string> = {}): Promise<{ browser: Browser; server: TestServer }> {
  const [browser, server] = await Promise.all([launchBrowser(), startWebServer(env)]);
  return { browser, server };
}

/** Closes what `startWebTest` started (its `afterAll`); either may be missing if the start failed. */
export async function stopWebTest(web: { browser?: Browser; server?: TestServer }): Promise<void> {
  await web.browser?.close();
  await web.server?.close();
}
