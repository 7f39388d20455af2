import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtp } from '../support/outbound.js';
import { ok, type TestServer } from '../support/server.js';
import { demoId, demoSignIn, launchBrowser, openApp, screenshot, startWebServer } from './browser.js';

const CRISIS = 'I have my pills counted out and I am going to take them all tonight';
const HOUR = 3600_000;

let browser: Browser;
let server: TestServer;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
beforeAll(async () => {
  smtp = await startSmtp();
  [browser, server] = await Promise.all([launchBrowser(), startWebServer({ SMTP_URL: smtp.url, ESCALATION_TICK_MS: '100' })]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await smtp?.close();
});

/** What a `<input type="datetime-local">` holds for now + `ms`, in the browser's own time zone. */
const localInput = (page: Page, ms: number) =>
  page.evaluate((ms) => {
    const d = new Date(Date.now() + ms);
    const p = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
  }, ms);

describe.sequential('on-call shifts and out-of-band alerts in the browser', () => {
  it('the admin plans a shift and e-mail for a tier; the clinician sees themselves on call and saves their e-mail; a crisis reaches them by e-mail', { timeout: 60_000 }, async () => {
    const carla = demoId('clinician', 'Carla');
    const dana = demoId('clinician', 'Dana');
    const adminToken = server.token({ role: 'admin', sub: 'checker' });

    // The admin, in a time zone away from UTC (the form sends local times with their offset): a shift that
    // ends before it starts is refused with a sentence beside the form.
    const adminContext = await browser.newContext({ locale: 'en-GB', timezoneId: 'America/St_Johns', viewport: { width: 1100, height: 800 } });
    const admin = { context: adminContext, page: await adminContext.newPage() };
    await admin.page.goto(`${server.url}/?lang=en`);
    await demoSignIn(admin.page, 'Ada', 'admin');
    const shifts = admin.page.getByRole('region', { name: 'On-call shifts' });
    await shifts.getByRole('heading', { name: 'Add a shift' }).waitFor();
    await expect.poll(() => shifts.getByLabel('Tier', { exact: true }).inputValue(), { timeout: 5000 }).toBe('On call');
    await shifts.getByLabel("Clinician's user id").fill(carla);
    await shifts.getByLabel('Starts').fill(await localInput(admin.page, 2 * HOUR));
    await shifts.getByLabel('Ends').fill(await localInput(admin.page, HOUR));
    await shifts.getByRole('button', { name: 'Add shift' }).click();
    const problems = shifts.getByRole('group', { name: 'The shift was not added:' });
    await expect.poll(() => problems.getByRole('listitem').allTextContents(), { timeout: 5000 }).toEqual(['The shift must end after it starts.']);
    expect(await shifts.getByLabel('Ends').getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => admin.page.evaluate(() => document.activeElement?.id)).toBe('shift-problems');
    expect((await server.http('/api/oncall/shifts', { token: adminToken })).body.shifts).toEqual([]);

    // Now → +8 h: added, listed with its tier, on the server with the right instants.
    const before = Date.now();
    await shifts.getByLabel('Starts').fill(await localInput(admin.page, 0));
    await shifts.getByLabel('Ends').fill(await localInput(admin.page, 8 * HOUR));
    await shifts.getByRole('button', { name: 'Add shift' }).click();
    await expect.poll(() => shifts.getByRole('status').textContent(), { timeout: 5000 }).toMatch(new RegExp(`^Shift added: ${carla}, .+ to .+\\.$`));
    expect(await problems.count()).toBe(0);
    const row = shifts.getByRole('row').filter({ hasText: carla });
    await expect.poll(() => row.count(), { timeout: 5000 }).toBe(1);
    expect(await row.textContent()).toContain('On call');
    const stored = (await server.http('/api/oncall/shifts', { token: adminToken })).body.shifts;
    expect(stored).toEqual([expect.objectContaining({ userId: carla, tier: 'On call' })]);
    expect(await admin.page.evaluate(() => new Date().getTimezoneOffset())).not.toBe(0);
    const from = Date.parse(stored[0].from);
    expect(Math.abs(from - before)).toBeLessThan(2 * 60_000);
    expect(Date.parse(stored[0].to) - from).toBe(8 * HOUR);

    // The next shift (Dana, after Carla), and one added by mistake and removed after a confirmation.
    const addShift = async (userId: string, fromMs: number, toMs: number) => {
      await shifts.getByLabel("Clinician's user id").fill(userId);
      await shifts.getByLabel('Starts').fill(await localInput(admin.page, fromMs));
      await shifts.getByLabel('Ends').fill(await localInput(admin.page, toMs));
      await shifts.getByRole('button', { name: 'Add shift' }).click();
      await expect.poll(() => shifts.getByRole('row').filter({ hasText: userId }).count(), { timeout: 5000 }).toBe(1);
    };
    await addShift(dana, 8 * HOUR, 16 * HOUR);
    await addShift('demo-clinician-erik', HOUR, 2 * HOUR);
    const erik = shifts.getByRole('row').filter({ hasText: 'demo-clinician-erik' });
    await erik.getByRole('button', { name: /^Remove the shift of demo-clinician-erik from / }).click();
    await expect.poll(() => admin.page.evaluate(() => document.activeElement?.textContent)).toBe('Yes, remove it');
    await erik.getByRole('button', { name: 'Keep it' }).click();
    expect((await server.http('/api/oncall/shifts', { token: adminToken })).body.shifts).toHaveLength(3);
    await erik.getByRole('button', { name: /^Remove the shift of demo-clinician-erik from / }).click();
    await erik.getByRole('button', { name: 'Yes, remove it' }).click();
    await expect.poll(() => shifts.getByRole('status').textContent(), { timeout: 5000 }).toMatch(/^The shift of demo-clinician-erik from .+ was removed\.$/);
    await expect.poll(() => erik.count()).toBe(0);
    expect((await server.http('/api/oncall/shifts', { token: adminToken })).body.shifts.map((s: { userId: string }) => s.userId)).toEqual([carla, dana]);
    await screenshot(admin.page, 'oncall-admin-shifts-en');

    // The policy: e-mail at once for tier 1; the routing key shows only for PagerDuty.
    const policy = admin.page.getByRole('region', { name: 'Escalation policy' });
    const tier1 = policy.getByRole('group', { name: 'Tier 1' });
    await tier1.getByLabel('E-mail the people this tier alerts').check();
    await tier1.getByLabel('Seconds before e-mail and pager (0: at once)').fill('0');
    expect(await tier1.getByLabel('PagerDuty routing key').count()).toBe(0);
    await tier1.getByLabel('Pager webhook address (optional)').fill('https://events.pagerduty.com/v2/enqueue');
    await tier1.getByLabel('Pager format').selectOption('pagerduty');
    await tier1.getByLabel('PagerDuty routing key').waitFor();
    // PagerDuty without its routing key: a sentence, the field marked, nothing saved.
    await policy.getByRole('button', { name: 'Save policy' }).click();
    const notSaved = policy.getByRole('group', { name: 'The policy was not saved:' });
    await expect.poll(() => notSaved.getByRole('listitem').allTextContents(), { timeout: 5000 }).toEqual(['Tier 1: PagerDuty needs its routing key (at most 200 characters).']);
    expect(await tier1.getByLabel('PagerDuty routing key').getAttribute('aria-invalid')).toBe('true');
    expect((await server.http('/api/escalation-policy', { token: adminToken })).body.policy.tiers[0].notify).toBeUndefined();
    await tier1.getByLabel('Pager webhook address (optional)').fill('');
    await tier1.getByLabel('Pager format').selectOption('generic');
    await expect.poll(() => tier1.getByLabel('PagerDuty routing key').count()).toBe(0);
    await policy.getByRole('button', { name: 'Save policy' }).click();
    await expect.poll(() => policy.getByRole('status').textContent(), { timeout: 5000 }).toBe('The escalation policy was saved.');
    expect(await notSaved.count()).toBe(0);
    const saved = (await server.http('/api/escalation-policy', { token: adminToken })).body.policy;
    expect(saved.tiers).toEqual([{ name: 'On call', target: 'on-call', ackTimeoutSec: 60, notify: { afterSec: 0, email: true } }]);

    // The shifts in Dutch.
    await admin.page.getByLabel('Language').selectOption('nl');
    const diensten = admin.page.getByRole('region', { name: 'Bereikbaarheidsdiensten' });
    await diensten.waitFor();
    expect(await diensten.getByRole('columnheader').allTextContents()).toEqual(['Hulpverlener', 'Van', 'Tot', 'Niveau', 'Acties']);
    expect(await diensten.getByRole('button', { name: 'Dienst toevoegen' }).count()).toBe(1);
    await screenshot(admin.page, 'oncall-admin-shifts-nl');
    await admin.context.close();

    // The clinician: on call now through the shift, and their e-mail for alerts.
    const clinician = await openApp(browser, server);
    await demoSignIn(clinician.page, 'Carla', 'clinician');
    const now = clinician.page.getByRole('region', { name: 'On call now' });
    const me = now.getByRole('listitem').filter({ hasText: 'Carla (you)' });
    await expect.poll(() => me.count(), { timeout: 5000 }).toBe(1);
    expect(await me.textContent()).toMatch(/^Carla \(you\) · On call · until .*\d\d:\d\d$/);
    expect(await now.getByRole('listitem').filter({ hasText: 'Carla' }).count()).toBe(1);
    const next = now.getByRole('list', { name: 'Next shifts' }).getByRole('listitem');
    expect(await next.allTextContents()).toEqual([expect.stringMatching(new RegExp(`^${dana} · On call · .+\\d\\d:\\d\\d.*–.*\\d\\d:\\d\\d$`))]);

    const alerts = clinician.page.getByRole('region', { name: 'Alerts by e-mail' });
    await expect.poll(() => alerts.getByRole('status').textContent(), { timeout: 5000 }).toBe('No e-mail address saved: alerts reach you only in this app.');
    expect(await alerts.textContent()).toContain('It carries no message text and no names');
    const email = alerts.getByLabel('E-mail for alerts', { exact: true });
    await email.fill('carla at example');
    await alerts.getByRole('button', { name: 'Save e-mail' }).click();
    await expect.poll(() => alerts.getByRole('status').textContent(), { timeout: 5000 }).toBe('Check the e-mail address: write it in full, like name@example.org.');
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    await email.fill('carla@example.org');
    await alerts.getByRole('button', { name: 'Save e-mail' }).click();
    await expect.poll(() => alerts.getByRole('status').textContent(), { timeout: 5000 }).toBe('Saved: alerts by e-mail go to carla@example.org.');
    expect(await email.getAttribute('aria-invalid')).toBeNull();
    const contact = await server.http('/api/clinicians/me/contact', { token: server.token({ role: 'clinician', sub: carla }) });
    expect(contact.body).toEqual({ contact: { email: 'carla@example.org' } });
    await screenshot(clinician.page, 'oncall-board-en');
    // Away from the app: no socket any more.
    await clinician.context.close();

    // A crisis: Carla, on shift with no socket, gets exactly one e-mail, with a link and no words from the chat.
    const mila = demoId('mentee', 'Mila');
    const { conversationId } = await server.assign(mila, demoId('specialist', 'Sam'));
    const milaSocket = await server.connectAs({ role: 'mentee', sub: mila, name: 'Mila' });
    await ok(milaSocket, 'message:send', { conversationId, clientMessageId: 'm-1', body: CRISIS });
    await expect.poll(() => smtp.mails.length, { timeout: 10_000 }).toBe(1);
    const [escalation] = await server.app.store.escalations.list('open');
    expect(escalation?.conversationId).toBe(conversationId);
    const mail = smtp.mails[0]!;
    expect(mail.to).toEqual(['carla@example.org']);
    // Quoted-printable may fold long lines.
    const text = mail.raw.replace(/=\r?\n/g, '');
    expect(text).toContain(`/escalations/${escalation!.id}`);
    for (const secret of ['pills', 'tonight', 'Mila', 'Sam']) expect(text).not.toContain(secret);
    // However many ticks pass (every 100 ms), one e-mail for the step.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(smtp.mails).toHaveLength(1);
  });
});
