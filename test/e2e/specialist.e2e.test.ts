import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SpecialistProfile } from '../../shared/models.js';
import { ok, type TestServer } from '../support/server.js';
import { demoId, demoSignIn, openApp, screenshot, startWebServer, startWebTest, stopWebTest } from './browser.js';

let browser: Browser;
let server: TestServer;
beforeAll(async () => {
  ({ browser, server } = await startWebTest());
});
afterAll(() => stopWebTest({ browser, server }));

/** Counts the tones the page starts (the offer's chime), from before the app loads. */
async function countTones(page: Page): Promise<void> {
  await page.context().addInitScript(() => {
    const w = window as unknown as { tones: number };
    w.tones = 0;
    const start = AudioScheduledSourceNode.prototype.start;
    AudioScheduledSourceNode.prototype.start = function (this: AudioScheduledSourceNode, ...args: Parameters<typeof start>) {
      w.tones++;
      return start.apply(this, args);
    };
  });
  await page.reload();
}

/** Axe's serious and critical findings on the page as it is, as lines. */
async function axeProblems(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').flatMap((v) => v.nodes.map((n) => `${v.id} at ${n.target.join(' ')}: ${v.help}`));
}

const secondsLeft = async (page: Page) => Number((await page.getByRole('timer').textContent())?.match(/\d+/)?.[0] ?? NaN);

describe.sequential('the peer specialist in the browser', () => {
  it('a guest finds a peer specialist: queue → the specialist accepts → they chat', { timeout: 60_000 }, async () => {
    const specialist = await openApp(browser, server);
    await countTones(specialist.page);
    await demoSignIn(specialist.page, 'Sam', 'specialist');
    const available = specialist.page.getByRole('radio', { name: 'Available' });
    await available.check();
    await expect.poll(() => specialist.page.getByText('You are available: new requests can reach you.').count(), { timeout: 5000 }).toBe(1);
    expect(await available.isChecked()).toBe(true);

    const guest = await openApp(browser, server);
    await guest.page.getByRole('button', { name: 'Talk to someone now' }).click();
    await guest.page.getByRole('heading', { name: 'Find a peer specialist' }).waitFor();
    await guest.page.getByRole('textbox', { name: 'Topic' }).fill('loneliness');
    await guest.page.getByRole('textbox', { name: /Anything else/ }).fill('Evenings are hard since I moved <b>here</b>');
    await guest.page.getByRole('button', { name: 'Find a peer specialist' }).click();
    await expect.poll(() => guest.page.getByText('You are number 1 in the queue.').count(), { timeout: 5000 }).toBe(1);

    // The offer: topic, language, the note as text, the risk, a countdown, a chime; focus stays where it was.
    const offer = specialist.page.getByRole('heading', { name: 'Someone is asking for support' });
    await offer.waitFor({ timeout: 10_000 });
    const bar = specialist.page.getByRole('region', { name: 'Your availability and requests' });
    expect(await bar.textContent()).toContain('loneliness');
    expect(await bar.textContent()).toContain('Evenings are hard since I moved <b>here</b>');
    // The note is assessed as the queue orders it (here: a word of distress, below a crisis).
    expect(await bar.textContent()).toContain('Some signs of distress');
    expect(await bar.textContent()).toMatch(/Language\s*English/);
    expect(await specialist.page.locator('.sbar b').count()).toBe(0);
    const first = await secondsLeft(specialist.page);
    expect(first).toBeGreaterThan(5);
    await expect.poll(() => secondsLeft(specialist.page), { timeout: 3000 }).toBeLessThan(first);
    await expect.poll(() => specialist.page.evaluate(() => (window as unknown as { tones: number }).tones), { timeout: 3000 }).toBeGreaterThan(0);
    await screenshot(specialist.page, 'specialist-offer-en');
    expect(await axeProblems(specialist.page)).toEqual([]);

    await specialist.page.getByRole('button', { name: 'Accept' }).click();
    await specialist.page.waitForURL(/#\/c\//);
    await guest.page.waitForURL(/#\/c\//);
    expect(specialist.page.url().split('#')[1]).toBe(guest.page.url().split('#')[1]);
    expect(await offer.count()).toBe(0);
    // Caseload: one mentee now.
    await expect.poll(() => bar.textContent(), { timeout: 5000 }).toContain('Caseload: 1 of 5 mentees');

    await guest.page.getByRole('textbox', { name: 'Message' }).fill('Hello, thanks for taking this');
    await guest.page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => specialist.page.getByRole('log').textContent(), { timeout: 5000 }).toContain('Hello, thanks for taking this');
    await specialist.page.getByRole('textbox', { name: 'Message' }).fill('Hi, I am Sam. Tell me about your evenings.');
    await specialist.page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => guest.page.getByRole('log').textContent(), { timeout: 5000 }).toContain('Hi, I am Sam. Tell me about your evenings.');

    // A quiet risk flag: a discreet note for the specialist only, never for the mentee.
    await guest.page.getByRole('textbox', { name: 'Message' }).fill('Evenings are hard since I moved here');
    await guest.page.getByRole('button', { name: 'Send' }).click();
    const note = specialist.page.locator('.quiet-flag');
    await expect.poll(() => note.textContent(), { timeout: 5000 }).toContain('Worth a look.');
    expect(await note.textContent()).toMatch(/some concern \(distress\)/);
    expect(await note.textContent()).toContain('Evenings are hard since I moved here');
    expect(await guest.page.getByText('Worth a look').count()).toBe(0);

    // The manual raise asks first, then says calmly what happens.
    await specialist.page.getByRole('button', { name: 'I’m worried — get a clinician' }).click();
    await specialist.page.getByRole('textbox', { name: 'What worries you? (optional)' }).fill('Very isolated');
    await specialist.page.getByRole('button', { name: 'Yes, alert a clinician' }).click();
    await expect.poll(() => specialist.page.getByText('A clinician has been alerted.', { exact: false }).count(), { timeout: 5000 }).toBe(1);
    const raised = await server.http('/api/audit?action=escalation.opened', { token: server.token({ role: 'admin', sub: 'ada' }) });
    expect(raised.body.entries).toEqual([expect.objectContaining({ actorId: demoId('specialist', 'Sam') })]);

    // The profile: caseload, what mentees see, saved through PUT /api/specialists/me.
    await specialist.page.getByRole('link', { name: 'Profile' }).click();
    await specialist.page.getByRole('textbox', { name: /Topics you support/ }).fill('loneliness, grief');
    await specialist.page.getByRole('textbox', { name: 'About you' }).fill('I have been there too.');
    await specialist.page.getByRole('button', { name: 'Save profile' }).click();
    await expect.poll(() => specialist.page.getByText('Your profile is saved.').count(), { timeout: 5000 }).toBe(1);
    expect(await specialist.page.getByText('Caseload: 1 of 5 mentees').count()).toBeGreaterThan(0);
    const listed = await server.http('/api/specialists', { token: server.token({ role: 'mentee', sub: 'someone' }) });
    expect(listed.body.specialists.find((p: SpecialistProfile) => p.userId === demoId('specialist', 'Sam'))).toMatchObject({ specialties: ['loneliness', 'grief'], bio: 'I have been there too.' });
    await screenshot(specialist.page, 'specialist-profile-en');
    // Off duty, so the next test's requests go elsewhere.
    await specialist.page.getByRole('radio', { name: 'Offline' }).check();
    await expect.poll(() => specialist.page.getByText('You are offline: no new requests.').count(), { timeout: 5000 }).toBe(1);

    await specialist.context.close();
    await guest.context.close();
  });

  it('a facilitator approves a held message and mutes a member', { timeout: 60_000 }, async () => {
    const facilitator = await openApp(browser, server);
    await demoSignIn(facilitator.page, 'Fay', 'specialist');
    // The availability bar arrives just after sign-in and moves the navigation down: wait for it first.
    await facilitator.page.getByRole('radio', { name: 'Available' }).waitFor();
    await facilitator.page.getByRole('link', { name: 'Profile' }).click();
    await facilitator.page.waitForURL(/#\/profile$/);
    await facilitator.page.getByRole('textbox', { name: 'Group name' }).fill('Evening circle');
    await facilitator.page.getByRole('button', { name: 'Create the group' }).click();
    await facilitator.page.getByRole('heading', { name: 'Moderation' }).waitFor();

    const mentee = await openApp(browser, server);
    await demoSignIn(mentee.page, 'Mila', 'mentee');
    await mentee.page.getByRole('link', { name: 'Groups' }).click();
    await mentee.page.locator('li', { hasText: 'Evening circle' }).getByRole('button', { name: 'Join' }).click();
    await mentee.page.waitForURL(/#\/c\//);

    await mentee.page.getByRole('textbox', { name: 'Message' }).fill('call me on 06 12345678');
    await mentee.page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => mentee.page.getByText(/Your message is waiting for a moderator/).count(), { timeout: 5000 }).toBe(1);

    // Held: in the facilitator's panel, not in the room.
    const panel = facilitator.page.getByRole('region', { name: 'Moderation' });
    await expect.poll(() => panel.textContent(), { timeout: 5000 }).toContain('call me on 06 12345678');
    expect(await panel.textContent()).toContain('Waiting for review (1)');
    expect(await panel.textContent()).toContain('contains: a phone number');
    expect(await facilitator.page.getByRole('log').textContent()).not.toContain('06 12345678');
    // Every part of the panel open: nothing serious for axe.
    for (const summary of await panel.locator('summary').all()) await summary.click();
    await panel.getByRole('button', { name: 'Manage Mila' }).click();
    expect(await axeProblems(facilitator.page)).toEqual([]);
    await panel.getByRole('button', { name: 'Manage Mila' }).click();
    for (const summary of await panel.locator('summary').all()) await summary.click();
    await panel.getByRole('button', { name: 'Manage Mila' }).waitFor({ state: 'hidden' });
    await screenshot(facilitator.page, 'specialist-moderation-en');
    await facilitator.page.getByLabel('Language', { exact: true }).selectOption('nl');
    await facilitator.page.getByRole('heading', { name: 'Moderatie' }).waitFor();
    expect(await facilitator.page.getByRole('region', { name: 'Moderatie' }).textContent()).toContain('Wacht op beoordeling (1)');
    await screenshot(facilitator.page, 'specialist-moderation-nl');
    await facilitator.page.getByLabel('Taal', { exact: true }).selectOption('en');

    await panel.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => panel.textContent(), { timeout: 5000 }).toContain('Approved: the message from Mila is now in the group.');
    expect(await panel.textContent()).toContain('Waiting for review (0)');
    await expect.poll(() => mentee.page.getByRole('log').textContent(), { timeout: 5000 }).toContain('call me on 06 12345678');
    await expect.poll(() => facilitator.page.getByRole('log').textContent(), { timeout: 5000 }).toContain('call me on 06 12345678');

    // Mute: a reason is asked for, then the member's composer says until when.
    await panel.getByText('Members (2)').click();
    await panel.getByRole('button', { name: 'Manage Mila' }).click();
    await panel.getByRole('button', { name: 'Mute', exact: true }).click();
    await expect.poll(() => panel.textContent(), { timeout: 5000 }).toContain('Please give a reason first.');
    await panel.getByRole('textbox', { name: 'Reason (the member is told)' }).fill('Please keep contact details off the group');
    await panel.getByLabel('Mute for').selectOption({ label: '1 hour' });
    await panel.getByRole('button', { name: 'Mute', exact: true }).click();
    await expect.poll(() => panel.textContent(), { timeout: 5000 }).toMatch(/Mila is muted until .*\d{1,2}:\d{2}/);

    await mentee.page.getByRole('textbox', { name: 'Message' }).fill('why?');
    await mentee.page.getByRole('button', { name: 'Send' }).click();
    // "until 5 May 2026, 15:04" (en-GB): the end time, not only the word.
    await expect
      .poll(() => mentee.page.locator('.composer').textContent(), { timeout: 5000 })
      .toMatch(/You are muted in this conversation until \d{1,2} \w{3,4} \d{4}, \d{2}:\d{2}\./);

    // A report reaches the panel live; resolving it as "redact" removes the message for the members.
    const noa = await server.connectAs({ role: 'mentee', sub: 'noa', name: 'Noa' });
    const groupId = decodeURIComponent(facilitator.page.url().split('#/c/')[1]!);
    await ok(noa, 'group:join', { conversationId: groupId });
    const { messages } = await ok(noa, 'conversation:history', { conversationId: groupId });
    await ok(noa, 'message:report', { messageId: messages.find((m) => m.body.includes('06 12345678'))!.id, reason: 'Sharing a phone number' });
    await expect.poll(() => panel.getByText('Reports (1 open)').count(), { timeout: 5000 }).toBe(1);
    await panel.getByText('Reports (1 open)').click();
    const report = panel.locator('.report-item');
    expect(await report.textContent()).toContain('Sharing a phone number');
    expect(await report.textContent()).toContain('Mila');
    // The reporter is never named.
    expect(await report.textContent()).not.toContain('Noa');
    await panel.getByLabel('Decision').selectOption({ label: 'Redact the message' });
    await panel.getByRole('button', { name: 'Resolve' }).click();
    await expect.poll(() => panel.textContent(), { timeout: 5000 }).toContain('The report is resolved.');
    expect(await panel.textContent()).toContain('Reports (0 open)');
    await expect.poll(() => mentee.page.getByRole('log').textContent(), { timeout: 5000 }).toContain('This message was removed.');
    noa.disconnect();

    await facilitator.context.close();
    await mentee.context.close();
  });

  it('an offer taken back leaves with a polite line; Decline passes it on', { timeout: 60_000 }, async () => {
    const specialist = await openApp(browser, server);
    await demoSignIn(specialist.page, 'Dee', 'specialist');
    await specialist.page.getByRole('radio', { name: 'Available' }).check();
    await expect.poll(() => specialist.page.getByText('You are available: new requests can reach you.').count(), { timeout: 5000 }).toBe(1);
    const offer = specialist.page.getByRole('heading', { name: 'Someone is asking for support' });

    const max = await server.connectAs({ role: 'mentee', sub: 'max', name: 'Max' });
    const { request } = await ok(max, 'support:request', { topic: 'sleep', language: 'en' });
    await offer.waitFor({ timeout: 10_000 });
    // Focus stays where the specialist left it.
    expect(await specialist.page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('radio');
    await ok(max, 'support:cancel', { requestId: request.id });
    await expect.poll(() => offer.count(), { timeout: 5000 }).toBe(0);
    expect(await specialist.page.getByRole('status').filter({ hasText: 'The request was withdrawn.' }).count()).toBe(1);

    const again = await ok(max, 'support:request', { topic: 'sleep', language: 'en' });
    await offer.waitFor({ timeout: 10_000 });
    await specialist.page.getByRole('button', { name: 'Decline' }).click();
    await expect.poll(() => specialist.page.getByText('You declined. The request goes to someone else.').count(), { timeout: 5000 }).toBe(1);
    expect(await offer.count()).toBe(0);
    const stored = await server.app.store.requests.get(again.request.id);
    expect(stored).toMatchObject({ status: 'waiting', declinedBy: [demoId('specialist', 'Dee')] });

    max.disconnect();
    await specialist.context.close();
  });

  it('an offer that runs out goes to someone else and the specialist is set to busy', { timeout: 60_000 }, async () => {
    const quick = await startWebServer({ OFFER_TIMEOUT_SEC: '2', ESCALATION_TICK_MS: '200' });
    try {
      const specialist = await openApp(browser, quick);
      await demoSignIn(specialist.page, 'Eve', 'specialist');
      await specialist.page.getByRole('radio', { name: 'Available' }).check();
      await expect.poll(() => specialist.page.getByText('You are available: new requests can reach you.').count(), { timeout: 5000 }).toBe(1);
      const max = await quick.connectAs({ role: 'mentee', sub: 'max', name: 'Max' });
      await ok(max, 'support:request', { topic: 'sleep' });
      const offer = specialist.page.getByRole('heading', { name: 'Someone is asking for support' });
      await offer.waitFor({ timeout: 5000 });
      expect(await specialist.page.getByRole('region', { name: 'Your availability and requests' }).textContent()).toMatch(/LanguageNot given/);
      await expect.poll(() => offer.count(), { timeout: 5000 }).toBe(0);
      await expect
        .poll(() => specialist.page.getByRole('status').filter({ hasText: 'Time ran out, so the request went to someone else. Your availability is now Busy' }).count(), { timeout: 5000 })
        .toBe(1);
      expect(await specialist.page.getByRole('radio', { name: 'Busy' }).isChecked()).toBe(true);
      max.disconnect();
      await specialist.context.close();
    } finally {
      await quick.close();
    }
  });
});
