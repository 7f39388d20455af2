import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../support/server.js';
import { demoId, demoSignIn, openApp, screenshot, startWebTest, stopWebTest } from './browser.js';

let browser: Browser;
let server: TestServer;
beforeAll(async () => {
  ({ browser, server } = await startWebTest());
});
afterAll(() => stopWebTest({ browser, server }));

describe.sequential('mentee and peer specialist in the browser', () => {
  it('chat live both ways, with typing, read markers and presence; markup and bidi controls stay text', { timeout: 60_000 }, async () => {
    await server.assign(demoId('mentee', 'Mila'), demoId('specialist', 'Sam'));
    const mentee = await openApp(browser, server);
    const specialist = await openApp(browser, server);
    await demoSignIn(mentee.page, 'Mila', 'mentee');
    await demoSignIn(specialist.page, 'Sam', 'specialist');

    await mentee.page.getByRole('link', { name: /Mentorship with Sam/ }).click();
    await specialist.page.getByRole('link', { name: /Mentorship with Mila/ }).click();
    await screenshot(mentee.page, 'mentee-chat-en');

    await mentee.page.getByRole('textbox', { name: 'Message' }).fill('Hi Sam, rough day today');
    await mentee.page.getByRole('button', { name: 'Send' }).click();
    const specialistLog = specialist.page.getByRole('log');
    await expect.poll(() => specialistLog.textContent(), { timeout: 5000 }).toContain('Hi Sam, rough day today');

    await specialist.page.getByRole('textbox', { name: 'Message' }).pressSequentially('I am here');
    await expect.poll(() => mentee.page.getByText('Sam is typing…').count(), { timeout: 5000 }).toBe(1);
    await specialist.page.getByRole('textbox', { name: 'Message' }).press('Enter');
    await expect.poll(() => mentee.page.getByRole('log').textContent(), { timeout: 5000 }).toContain('I am here');
    // Sam has the conversation open: Mila's message shows as read.
    await expect.poll(() => mentee.page.getByText('Read by Sam').count(), { timeout: 5000 }).toBe(1);

    // Text is text: markup is shown, not run; a name's bidi controls do not reorder the page.
    await mentee.page.getByRole('textbox', { name: 'Message' }).fill('<img src=x onerror="window.pwned=1"><b>bold</b>');
    await mentee.page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => specialistLog.textContent(), { timeout: 5000 }).toContain('<b>bold</b>');
    expect(await specialist.page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    expect(await specialist.page.locator('.log img, .log b').count()).toBe(0);
    await screenshot(specialist.page, 'specialist-chat-en');

    // Incoming messages never steal focus.
    await specialist.page.getByRole('textbox', { name: 'Message' }).focus();
    await mentee.page.getByRole('textbox', { name: 'Message' }).fill('one more');
    await mentee.page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => specialistLog.textContent(), { timeout: 5000 }).toContain('one more');
    expect(await specialist.page.evaluate(() => document.activeElement?.getAttribute('id') ?? '')).toMatch(/^composer-/);

    await mentee.context.close();
    await specialist.context.close();
  });

  it('a display name with bidi controls is shown without them', { timeout: 60_000 }, async () => {
    const { context, page } = await openApp(browser, server);
    await demoSignIn(page, 'Dr.\u202Eevil\u202C Mila', 'mentee');
    const header = (await page.locator('header').textContent()) ?? '';
    expect(header).toContain('Dr.evil Mila');
    expect(header).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    await context.close();
  });
});

describe.sequential('loading and sessions', () => {
  it('an expired session says so and returns to sign-in; the token never appears in the URL', { timeout: 60_000 }, async () => {
    const { context, page } = await openApp(browser, server);
    const token = server.token({ role: 'mentee', sub: 'short-lived', name: 'Tess' }, 3);
    await page.getByLabel('Access token', { exact: true }).fill(token);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(page.url()).not.toContain(token.slice(0, 20));
    expect(await page.evaluate(() => sessionStorage.length)).toBeGreaterThan(0);
    await page.getByText('Your session has ended. Please sign in again.').waitFor({ timeout: 15_000 });
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
    await context.close();
  });
});
