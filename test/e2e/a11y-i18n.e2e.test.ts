import { AxeBuilder } from '@axe-core/playwright';
import { writeFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dictionaries } from '../../client/web/src/i18n/dictionaries.js';
import { ok, type TestServer } from '../support/server.js';
import { demoId, launchBrowser, openApp, screenshot, SCREENSHOTS, startWebServer } from './browser.js';

/**
 * Every screen, in both languages: axe finds nothing serious or critical, `<html lang>` is the
 * language, and a screenshot of each. It asks only that each route renders, not what it shows, so
 * it holds while the screens change.
 */

type Lang = keyof typeof dictionaries;
type Role = 'mentee' | 'specialist' | 'clinician' | 'admin';
const LANGS: Lang[] = ['en', 'nl'];

let browser: Browser;
let server: TestServer;
let conversationId: string;
/** Everything axe reported (any impact), per screen: test output for whoever improves the screens. */
const report: Record<string, Array<{ id: string; impact: string | null | undefined; targets: string[] }>> = {};

beforeAll(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startWebServer()]);
  // Something on every screen: a mentorship with a message, a group, an escalation for the board.
  const mila = demoId('mentee', 'Mila');
  const sam = demoId('specialist', 'Sam');
  ({ conversationId } = await server.assign(mila, sam));
  const samSocket = await server.connectAs({ role: 'specialist', sub: sam, name: 'Sam' });
  await ok(samSocket, 'message:send', { conversationId, clientMessageId: 's-1', body: 'Hi Mila, I am Sam. How are you today?' });
  await ok(samSocket, 'group:create', { name: 'Evening circle', description: 'A calm hour to talk', visibility: 'open' });
  const milaSocket = await server.connectAs({ role: 'mentee', sub: mila, name: 'Mila' });
  await ok(milaSocket, 'message:send', { conversationId, clientMessageId: 'm-1', body: 'I want to kill myself' });
});
afterAll(async () => {
  writeFileSync(`${SCREENSHOTS}a11y-report.json`, JSON.stringify(report, null, 2));
  await browser?.close();
  await server?.close();
});

/** Signs in through the demo form, in the page's language. */
async function signIn(page: Page, lang: Lang, name: string, role: Role): Promise<void> {
  const d = dictionaries[lang];
  await page.getByLabel(d['signIn.name'], { exact: true }).fill(name);
  await page.getByLabel(d['signIn.role'], { exact: true }).selectOption(role);
  await page.getByRole('button', { name: d['signIn.demoButton'] }).click();
  await page.getByRole('button', { name: d.signOut }).waitFor();
  // Connected: the header's status sentence is empty.
  await expect.poll(() => page.locator('.header [role=status]').textContent(), { timeout: 10_000 }).toBe('');
}

/** Goes to a route in the same tab (no reload) and waits until the screen has rendered and stopped changing. */
async function visit(page: Page, hash: string): Promise<void> {
  await page.evaluate((h) => {
    location.hash = h;
  }, hash);
  await page.waitForFunction(() => (document.querySelector('main')?.children.length ?? 0) > 0 && !!document.querySelector('main h1, main h2'));
  let last = '';
  for (let i = 0; i < 20; i++) {
    const html = await page.evaluate(() => document.body.innerHTML);
    if (html === last) break;
    last = html;
    await page.waitForTimeout(150);
  }
}

/** Axe on the page as it is; the screen's language; a screenshot. Returns the serious and critical violations as lines. */
async function check(page: Page, screen: string, lang: Lang): Promise<string[]> {
  const name = `${screen}-${lang}`;
  expect(await page.evaluate(() => document.documentElement.lang), `<html lang> on ${name}`).toBe(lang);
  const results = await new AxeBuilder({ page }).analyze();
  report[name] = results.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' ')) }));
  await screenshot(page, name);
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${name}: ${v.id} (${v.impact}) at ${n.target.join(' ')}: ${v.help}`));
}

/** Signs in as the role and checks each of its screens; fails with every violation found, not only the first. */
async function checkRole(lang: Lang, role: Role, name: string, screens: Array<[screen: string, hash: string, prepare?: (page: Page) => Promise<void>]>): Promise<void> {
  const { context, page } = await openApp(browser, server, { lang });
  try {
    await signIn(page, lang, name, role);
    const problems: string[] = [];
    for (const [screen, hash, prepare] of screens) {
      await visit(page, hash);
      await prepare?.(page);
      problems.push(...(await check(page, screen, lang)));
    }
    expect(problems, `axe found serious or critical violations:\n${problems.join('\n')}`).toEqual([]);
  } finally {
    await context.close();
  }
}

describe.each(LANGS)('every screen in %s', (lang) => {
  const d = dictionaries[lang];

  it('sign-in', { timeout: 60_000 }, async () => {
    const { context, page } = await openApp(browser, server, { lang });
    try {
      // The demo form is there (the server says so) before the page is checked.
      await page.getByLabel(d['signIn.name'], { exact: true }).waitFor();
      const problems = await check(page, 'signin', lang);
      expect(problems, `axe found serious or critical violations:\n${problems.join('\n')}`).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('mentee: conversations, chat (with the crisis panel), find a peer specialist, groups', { timeout: 60_000 }, async () => {
    await checkRole(lang, 'mentee', 'Mila', [
      ['mentee-conversations', '#/conversations'],
      [
        'mentee-chat',
        `#/c/${conversationId}`,
        async (page) => {
          await page.getByRole('log').getByText('How are you today?').waitFor();
          await page.getByRole('button', { name: d.helpNow }).click();
          await page.getByRole('heading', { name: d['crisis.title'] }).waitFor();
        },
      ],
      ['mentee-find', '#/find'],
      ['mentee-groups', '#/groups', (page) => page.getByText('Evening circle').waitFor()],
    ]);
  });

  it('peer specialist: conversations, chat, profile', { timeout: 60_000 }, async () => {
    await checkRole(lang, 'specialist', 'Sam', [
      ['specialist-conversations', '#/conversations'],
      ['specialist-chat', `#/c/${conversationId}`, (page) => page.getByRole('log').getByText('How are you today?').waitFor()],
      ['specialist-profile', '#/profile'],
    ]);
  });

  it('clinician: the board', { timeout: 60_000 }, async () => {
    await checkRole(lang, 'clinician', 'Carl', [['clinician-board', '#/board']]);
  });

  it('admin: administration', { timeout: 60_000 }, async () => {
    await checkRole(lang, 'admin', 'Ada', [['admin', '#/admin', (page) => page.getByRole('heading', { level: 2, name: d['admin.audit.title'] }).waitFor()]]);
  });
});
