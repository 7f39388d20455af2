import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok, type TestServer } from '../support/server.js';
import { demoId, demoSignIn, openApp, screenshot, startWebTest, stopWebTest } from './browser.js';

let browser: Browser;
let server: TestServer;
beforeAll(async () => {
  ({ browser, server } = await startWebTest());
});
afterAll(() => stopWebTest({ browser, server }));

describe.sequential('the admin in the browser', () => {
  it('assigns and ends a mentorship, edits the escalation policy, reads the audit log with a filter; never a message body', { timeout: 60_000 }, async () => {
    const mila = demoId('mentee', 'Mila');
    const sam = demoId('specialist', 'Sam');
    const admin = demoId('admin', 'Ada');
    const adminToken = server.token({ role: 'admin', sub: 'checker' });
    // Known from an earlier connection: the list shows their names.
    const milaSocket = await server.connectAs({ role: 'mentee', sub: mila, name: 'Mila' });
    await server.connectAs({ role: 'specialist', sub: sam, name: 'Sam' });

    // A setting this editor does not show (a tier's `notify`, where the server has it) must survive its saves.
    const seeded = await server.http('/api/escalation-policy', {
      method: 'PUT',
      token: adminToken,
      body: { tiers: [{ name: 'On call', target: 'on-call', ackTimeoutSec: 60, notify: { afterSec: 30, email: true } }], repeats: 2, realertSec: 900 },
    });
    const serverHasNotify = seeded.status === 200;

    const { context, page } = await openApp(browser, server);
    await demoSignIn(page, 'Ada', 'admin');
    await page.getByRole('heading', { level: 1, name: 'Administration' }).waitFor();
    const mentorships = page.getByRole('region', { name: 'Mentorships' });

    // A refused assignment: the server's issues as sentences next to the form, the field marked.
    await page.getByLabel("Mentee's user id", { exact: true }).fill('not an id');
    await page.getByLabel("Peer specialist's user id", { exact: true }).fill(sam);
    await page.getByRole('button', { name: 'Assign', exact: true }).click();
    await expect.poll(() => mentorships.getByText("Check the mentee's user id").count(), { timeout: 5000 }).toBe(1);
    expect(await page.getByLabel("Mentee's user id", { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('assign-problems');

    // Assign: listed with names, on the server too.
    await page.getByLabel("Mentee's user id", { exact: true }).fill(mila);
    await page.getByLabel("Peer specialist's user id", { exact: true }).fill(sam);
    await page.getByRole('button', { name: 'Assign', exact: true }).click();
    await expect.poll(() => mentorships.getByRole('status').textContent(), { timeout: 5000 }).toBe('Mentorship assigned: Mila with Sam.');
    expect(await mentorships.getByText("Check the mentee's user id").count()).toBe(0);
    const row = mentorships.getByRole('row').filter({ hasText: 'Mila' });
    await expect.poll(() => row.count(), { timeout: 5000 }).toBe(1);
    expect(await row.textContent()).toContain('Sam');
    const listed = await server.http('/api/mentorships', { token: adminToken });
    expect(listed.body.mentorships).toEqual([expect.objectContaining({ menteeId: mila, specialistId: sam, menteeName: 'Mila', specialistName: 'Sam', status: 'active' })]);
    const { id: mentorshipId, conversationId } = listed.body.mentorships[0];

    // Mila writes something that opens an escalation: the audit log names the conversation, never the words.
    const secret = 'I want to kill myself, nobody knows about the blue notebook';
    await ok(milaSocket, 'message:send', { conversationId, clientMessageId: 'm-1', body: secret });
    await expect
      .poll(async () => (await server.http('/api/audit?action=escalation.opened', { token: adminToken })).body.entries.map((e: { conversationId?: string }) => e.conversationId), { timeout: 5000 })
      .toEqual([conversationId]);

    // End, after a confirmation (keep it first: nothing happens).
    await row.getByRole('button', { name: 'End the mentorship of Mila with Sam' }).click();
    await row.getByRole('button', { name: 'Keep it' }).click();
    expect((await server.http('/api/mentorships', { token: adminToken })).body.mentorships).toHaveLength(1);
    await row.getByRole('button', { name: 'End the mentorship of Mila with Sam' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Yes, end it');
    await screenshot(page, 'admin-end-confirm-en');
    await row.getByRole('button', { name: 'Yes, end it' }).click();
    await expect.poll(() => mentorships.getByRole('status').textContent(), { timeout: 5000 }).toBe('The mentorship of Mila with Sam has ended.');
    await expect.poll(() => row.count(), { timeout: 5000 }).toBe(0);
    expect(await mentorships.getByText('No active mentorships.').count()).toBe(1);
    expect((await server.http('/api/mentorships', { token: adminToken })).body.mentorships).toEqual([]);
    expect(await server.app.store.mentorships.get(mentorshipId)).toMatchObject({ status: 'ended', endedBy: admin });

    // The policy: refused input reads as sentences beside the form, then a valid save.
    const policy = page.getByRole('region', { name: 'Escalation policy' });
    const repeats = policy.getByLabel('Repeats of the whole chain');
    await expect.poll(() => repeats.inputValue(), { timeout: 5000 }).toBe('2');
    await repeats.fill('99');
    await policy.getByRole('button', { name: 'Add a tier' }).click();
    const tier2 = policy.getByRole('group', { name: 'Tier 2' });
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('tier-1-name');
    await tier2.getByLabel('Name', { exact: true }).fill('Team leads');
    await tier2.getByLabel('Who is alerted').selectOption('users');
    await policy.getByRole('button', { name: 'Save policy' }).click();
    const problems = policy.getByRole('group', { name: 'The policy was not saved:' });
    await expect.poll(() => problems.getByRole('listitem').allTextContents(), { timeout: 5000 }).toEqual([
      'Tier 2: enter between 1 and 50 user ids, each made of letters, digits or ._@:-',
      'The repeats must be a whole number from 0 to 20.',
    ]);
    expect(await tier2.getByLabel('User ids (separated by commas or spaces)').getAttribute('aria-invalid')).toBe('true');
    expect(await repeats.getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'admin-policy-invalid-en');

    await repeats.fill('3');
    await tier2.getByLabel('User ids (separated by commas or spaces)').fill('demo-clinician-carl, demo-clinician-cleo');
    await tier2.getByLabel('Seconds to acknowledge').fill('120');
    await policy.getByRole('button', { name: 'Save policy' }).click();
    await expect.poll(() => policy.getByRole('status').textContent(), { timeout: 5000 }).toBe('The escalation policy was saved.');
    expect(await problems.count()).toBe(0);
    const saved = await server.http('/api/escalation-policy', { token: adminToken });
    expect(saved.body.policy).toMatchObject({
      repeats: 3,
      realertSec: 900,
      tiers: [
        { name: 'On call', target: 'on-call', ackTimeoutSec: 60 },
        { name: 'Team leads', target: 'users', userIds: ['demo-clinician-carl', 'demo-clinician-cleo'], ackTimeoutSec: 120 },
      ],
    });
    if (serverHasNotify) expect(saved.body.policy.tiers[0].notify).toMatchObject({ afterSec: 30, email: true });

    // Removing a tier and saving again leaves one.
    await tier2.getByRole('button', { name: 'Remove tier 2' }).click();
    expect(await policy.getByRole('group', { name: 'Tier 2' }).count()).toBe(0);
    await policy.getByRole('button', { name: 'Save policy' }).click();
    await expect.poll(async () => (await server.http('/api/escalation-policy', { token: adminToken })).body.policy.tiers.length, { timeout: 5000 }).toBe(1);

    // The audit log, filtered by action and actor.
    const audit = page.getByRole('region', { name: 'Audit log' });
    await audit.getByLabel('Action').selectOption({ label: 'Escalation policy changed' });
    await audit.getByLabel("Actor's user id").fill(admin);
    await audit.getByRole('button', { name: 'Show entries' }).click();
    await expect.poll(() => audit.getByRole('status').textContent(), { timeout: 5000 }).toBe('Entries shown: 2.');
    const rows = audit.getByRole('table').getByRole('row');
    expect(await rows.count()).toBe(3); // the header and two saves
    for (const text of (await rows.allTextContents()).slice(1)) expect(text).toContain('Escalation policy changed');
    expect(await audit.getByRole('columnheader').allTextContents()).toEqual(['Time', 'Action', 'Actor', 'Conversation', 'Target']);

    // The escalation Mila's message opened: its conversation is there, her words are nowhere on the page.
    await audit.getByLabel('Action').selectOption({ label: 'Escalation opened' });
    await audit.getByLabel("Actor's user id").fill('');
    await audit.getByRole('button', { name: 'Show entries' }).click();
    await expect.poll(() => audit.getByRole('table').textContent(), { timeout: 5000 }).toContain(conversationId);
    expect(await page.content()).not.toContain('blue notebook');
    await screenshot(page, 'admin-en');

    // The same screen in Dutch.
    await page.getByLabel('Language').selectOption('nl');
    await page.getByRole('heading', { level: 1, name: 'Beheer' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('nl');
    expect(await page.getByRole('region', { name: 'Escalatiebeleid' }).getByRole('status').textContent()).toBe('Het escalatiebeleid is opgeslagen.');
    expect(await page.getByRole('region', { name: 'Begeleidingen' }).getByRole('status').textContent()).toBe('De begeleiding van Mila met Sam is beëindigd.');
    expect(await page.getByRole('region', { name: 'Auditlog' }).getByRole('status').textContent()).toBe('Getoonde regels: 1.');
    expect(await page.getByRole('region', { name: 'Auditlog' }).getByRole('columnheader').allTextContents()).toEqual(['Tijd', 'Handeling', 'Door', 'Gesprek', 'Betreft']);
    await screenshot(page, 'admin-nl');
    await context.close();
  });
});
