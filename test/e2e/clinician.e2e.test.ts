import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../support/server.js';
import { demoId, demoSignIn, openApp, screenshot, startWebTest, stopWebTest } from './browser.js';

const CRISIS = 'I have my pills counted out and I am going to take them all tonight';

let browser: Browser;
let server: TestServer;
beforeAll(async () => {
  ({ browser, server } = await startWebTest());
});
afterAll(() => stopWebTest({ browser, server }));

interface Recorded {
  title: string;
  tag?: string;
  body?: string;
  requireInteraction?: boolean;
}

/**
 * A clinician's tab: notifications allowed, every `showNotification` and every oscillator the tone
 * starts recorded in the page (the real ones still run), signed in through the demo form.
 */
async function clinicianTab(name: string): Promise<{ context: BrowserContext; page: Page }> {
  const tab = await openApp(browser, server);
  await tab.context.grantPermissions(['notifications'], { origin: server.url });
  await tab.context.addInitScript(() => {
    const w = window as unknown as { notifications: unknown[]; oscillators: number };
    w.notifications = [];
    w.oscillators = 0;
    const show = ServiceWorkerRegistration.prototype.showNotification;
    ServiceWorkerRegistration.prototype.showNotification = function (title: string, options?: NotificationOptions) {
      w.notifications.push({ title, tag: options?.tag, body: options?.body, requireInteraction: options?.requireInteraction });
      return show.call(this, title, options).catch(() => {});
    };
    const oscillator = AudioContext.prototype.createOscillator;
    AudioContext.prototype.createOscillator = function () {
      w.oscillators += 1;
      return oscillator.call(this);
    };
  });
  await tab.page.reload();
  await demoSignIn(tab.page, name, 'clinician');
  return tab;
}

const board = (page: Page) => page.getByRole('region', { name: 'Escalations', exact: true });
const card = (page: Page, text: string) => board(page).getByRole('article').filter({ hasText: text });
const notifications = (page: Page) => page.evaluate(() => (window as unknown as { notifications: Recorded[] }).notifications);
const oscillators = (page: Page) => page.evaluate(() => (window as unknown as { oscillators: number }).oscillators);

async function goOnCall(page: Page): Promise<void> {
  const onCall = page.getByRole('switch', { name: 'On call', exact: true });
  await expect.poll(() => onCall.getAttribute('aria-checked')).toBe('false');
  await onCall.click();
  await expect.poll(() => onCall.getAttribute('aria-checked'), { timeout: 5000 }).toBe('true');
  await page.getByText('You are on call.').waitFor();
}

/** The mentee opens their mentorship (the specialist has not signed in yet: named by id) and sends `text`. */
async function menteeWrites(page: Page, text: string): Promise<number> {
  if (!(await page.getByRole('log').count())) await page.getByRole('link', { name: /^Mentorship with/ }).click();
  await page.getByRole('textbox', { name: 'Message' }).fill(text);
  const sentAt = Date.now();
  await page.getByRole('button', { name: 'Send' }).click();
  return sentAt;
}

describe.sequential('clinician on call in the browser', () => {
  it('a crisis reaches the board within 2 s with the tone and the title badge; acknowledge, join, write, resolve', { timeout: 60_000 }, async () => {
    const { conversationId } = await server.assign(demoId('mentee', 'Mila'), demoId('specialist', 'Sam'));
    const clinician = await clinicianTab('Carla');
    const mentee = await openApp(browser, server);
    await demoSignIn(mentee.page, 'Mila', 'mentee');

    // The board is the clinician's home; going on call unlocks sound and asks for notifications.
    await board(clinician.page).waitFor();
    await goOnCall(clinician.page);
    expect(await clinician.page.evaluate(() => Notification.permission)).toBe('granted');
    expect(await board(clinician.page).getAttribute('data-tone')).not.toBe('playing');
    expect(await clinician.page.title()).toBe('Peer support');

    await menteeWrites(mentee.page, 'Hello, is anyone there?');
    await expect.poll(() => mentee.page.getByRole('log').textContent()).toContain('Hello, is anyone there?');
    const sentAt = await menteeWrites(mentee.page, CRISIS);
    const row = card(clinician.page, CRISIS);
    await row.waitFor({ timeout: 5000 });
    const elapsed = Date.now() - sentAt;
    expect(elapsed).toBeLessThan(2000);

    // One short live line, the tone repeating, the tab title badged, a notification per escalation.
    await expect.poll(() => clinician.page.getByRole('alert').textContent()).toBe('New escalation: imminent, overdose');
    await expect.poll(() => board(clinician.page).getAttribute('data-tone')).toBe('playing');
    await expect.poll(() => clinician.page.evaluate(() => document.body.dataset.tone)).toBe('playing');
    await expect.poll(() => oscillators(clinician.page)).toBeGreaterThan(0);
    expect(await clinician.page.title()).toBe('(1) Escalations — Peer support');
    const [escalation] = await server.app.store.escalations.list('open');
    expect(escalation?.conversationId).toBe(conversationId);
    await expect.poll(() => notifications(clinician.page)).toHaveLength(1);
    const [shown] = await notifications(clinician.page);
    expect(shown).toMatchObject({ tag: `escalation-${escalation!.id}`, requireInteraction: true, title: 'New escalation' });
    expect(shown!.body).toContain('imminent');
    expect(shown!.body).not.toContain('pills');
    expect(await row.textContent()).toMatch(/imminent.*overdose/i);
    // The excerpt in context: the message that raised it, and the conversation up to it.
    await row.getByText('The conversation up to it (2 messages)').click();
    expect(await row.getByRole('listitem').allTextContents()).toEqual([expect.stringContaining('Hello, is anyone there?'), expect.stringContaining(CRISIS)]);
    await screenshot(clinician.page, 'clinician-board-en');

    // Acknowledge: the tone stops, the badge goes.
    await row.getByRole('button', { name: 'Acknowledge', exact: true }).click();
    await expect.poll(() => board(clinician.page).getAttribute('data-tone')).not.toBe('playing');
    await expect.poll(() => clinician.page.title()).toBe('Peer support');
    await expect.poll(() => row.textContent()).toContain('Acknowledged by you');
    expect(await clinician.page.getByRole('alert').textContent()).toBe('');
    const beepsAfterAck = await oscillators(clinician.page);

    // Warm handoff: the chat opens with the history; what the clinician writes reaches the mentee.
    await row.getByRole('button', { name: 'Join conversation', exact: true }).click();
    await expect.poll(() => clinician.page.evaluate(() => location.hash)).toBe(`#/c/${conversationId}`);
    const log = clinician.page.getByRole('log');
    await expect.poll(() => log.textContent(), { timeout: 5000 }).toContain(CRISIS);
    await clinician.page.getByRole('textbox', { name: 'Message' }).fill('This is Carla, a clinician. I am here with you now.');
    await clinician.page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => mentee.page.getByRole('log').textContent(), { timeout: 5000 }).toContain('This is Carla, a clinician. I am here with you now.');

    // In the chat: the escalation with Resolve, and the conversation's audit trail.
    const tools = clinician.page.getByRole('region', { name: 'Escalation', exact: true });
    await tools.getByText('Audit trail').click();
    await expect.poll(() => tools.getByRole('listitem').allTextContents(), { timeout: 5000 }).toEqual(
      expect.arrayContaining([expect.stringContaining('Escalation opened automatically on a message from Mila (imminent)'), expect.stringContaining('You acknowledged after'), expect.stringContaining('You joined the conversation')]),
    );
    // Tall enough that the sticky composer sits below the log in the full-page picture.
    await clinician.page.setViewportSize({ width: 1100, height: 1300 });
    await screenshot(clinician.page, 'clinician-chat-en');

    await tools.getByRole('button', { name: 'Resolve', exact: true }).click();
    await tools.getByRole('combobox', { name: 'Outcome' }).fill('Safe for now, safety plan agreed');
    await tools.getByRole('textbox', { name: 'Note for clinicians' }).fill('Pills handed to her sister; GP tomorrow.');
    await tools.getByRole('button', { name: 'Confirm', exact: true }).click();
    await expect.poll(() => tools.textContent(), { timeout: 5000 }).toContain('Outcome: Safe for now, safety plan agreed');
    expect(await tools.textContent()).toContain('Pills handed to her sister; GP tomorrow.');
    const [resolved] = await server.app.store.escalations.list('resolved');
    expect(resolved).toMatchObject({ id: escalation!.id, outcome: 'Safe for now, safety plan agreed', note: 'Pills handed to her sister; GP tomorrow.' });
    // The mentee never sees the clinician's note.
    expect(await mentee.page.content()).not.toContain('GP tomorrow');
    // No beep since the acknowledgement.
    expect(await oscillators(clinician.page)).toBe(beepsAfterAck);

    await mentee.context.close();
    await clinician.context.close();
  });

  it('two clinicians race to acknowledge: one wins, the other is told who was faster', { timeout: 60_000 }, async () => {
    await server.assign(demoId('mentee', 'Noor'), demoId('specialist', 'Sam'));
    const [carla, dana] = await Promise.all([clinicianTab('Carla'), clinicianTab('Dana')]);
    await Promise.all([goOnCall(carla.page), goOnCall(dana.page)]);
    const mentee = await openApp(browser, server);
    await demoSignIn(mentee.page, 'Noor', 'mentee');

    await menteeWrites(mentee.page, CRISIS);
    const rows = [card(carla.page, 'Noor'), card(dana.page, 'Noor')];
    for (const row of rows) await row.getByRole('button', { name: 'Acknowledge', exact: true }).waitFor({ timeout: 5000 });
    for (const tab of [carla, dana]) await expect.poll(() => board(tab.page).getAttribute('data-tone')).toBe('playing');

    // Both press at the same moment (a shared wall-clock instant in both tabs).
    const at = Date.now() + 300;
    await Promise.all(
      [carla, dana].map((tab) =>
        tab.page.evaluate(
          ({ at }) => {
            const button = Array.from(document.querySelectorAll('article button')).find((b) => b.textContent === 'Acknowledge') as HTMLButtonElement;
            setTimeout(() => button.click(), at - Date.now());
          },
          { at },
        ),
      ),
    );
    await expect.poll(async () => (await rows[0]!.getByRole('button', { name: 'Join conversation' }).count()) + (await rows[1]!.getByRole('button', { name: 'Join conversation' }).count()), { timeout: 5000 }).toBe(1);
    const carlaWon = (await rows[0]!.getByRole('button', { name: 'Join conversation' }).count()) === 1;
    const [winner, loser] = carlaWon ? ['Carla', 'Dana'] : ['Dana', 'Carla'];
    const loserTab = carlaWon ? dana : carla;
    const loserRow = carlaWon ? rows[1]! : rows[0]!;
    await expect.poll(() => loserRow.getByRole('status').textContent(), { timeout: 5000 }).toBe(`${winner} was faster and acknowledged this first.`);
    await expect.poll(() => loserRow.textContent()).toContain(`Acknowledged by ${winner}`);
    expect(await loserRow.getByRole('button', { name: 'Join conversation' }).count()).toBe(0);
    for (const tab of [carla, dana]) await expect.poll(() => board(tab.page).getAttribute('data-tone')).not.toBe('playing');
    expect(loser).not.toBe(winner);

    // The same board in Dutch.
    await loserTab.page.getByLabel('Language').selectOption('nl');
    const bord = loserTab.page.getByRole('region', { name: 'Escalaties', exact: true });
    await bord.waitFor({ timeout: 5000 });
    const rij = bord.getByRole('article').filter({ hasText: 'Noor' });
    await expect.poll(() => rij.getByRole('status').textContent()).toBe(`${winner} was sneller en heeft dit al opgepakt.`);
    expect(await rij.textContent()).toContain(`Opgepakt door ${winner}`);
    expect(await loserTab.page.getByRole('switch', { name: 'Bereikbaarheidsdienst' }).getAttribute('aria-checked')).toBe('true');
    await screenshot(loserTab.page, 'clinician-board-nl');

    // Admins see the same board, without going on call (they may switch the alert sound on).
    const admin = await openApp(browser, server);
    await demoSignIn(admin.page, 'Ada', 'admin');
    await admin.page.getByRole('link', { name: 'Escalations' }).click();
    await card(admin.page, 'Noor').waitFor({ timeout: 5000 });
    expect(await card(admin.page, 'Noor').textContent()).toContain(`Acknowledged by ${winner}`);
    expect(await admin.page.getByRole('switch', { name: 'On call' }).count()).toBe(0);
    expect(await admin.page.getByRole('switch', { name: 'Alert sound' }).getAttribute('aria-checked')).toBe('false');

    await admin.context.close();
    await mentee.context.close();
    await carla.context.close();
    await dana.context.close();
  });
});
