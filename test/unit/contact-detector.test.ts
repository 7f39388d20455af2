import { describe, expect, it } from 'vitest';
import { detectContactDetails } from '../../server/moderation/contact-detector.js';

// [text, what should be found]
const positives: Array<[string, string]> = [
  ['Bel me op 06-12345678', 'phone'],
  ['mijn nummer is 0612345678', 'phone'],
  ['app me even: 06 12 34 56 78', 'phone'],
  ['Je kunt me bereiken op +31 6 1234 5678', 'phone'],
  ['+31612345678 is mijn mobiel', 'phone'],
  ['0031 6 12345678, bel maar', 'phone'],
  ['bel 0031612345678 na vijven', 'phone'],
  ['Vast nummer: 020 123 4567', 'phone'],
  ['010-1234567 is thuis', 'phone'],
  ['+31 (0)6 12 34 56 78', 'phone'],
  ['call me at +1 (555) 123-4567', 'phone'],
  ['my cell is (555) 123-4567', 'phone'],
  ['text me 555-123-4567 tonight', 'phone'],
  ['UK number +44 20 7946 0958', 'phone'],
  ['06.12.34.56.78 is mijn nummer', 'phone'],
  ['0 6 1 2 3 4 5 6 7 8', 'phone'],
  ['mail me at jake.smith@gmail.com', 'email'],
  ['Mijn mail: lisa_de_vries@hotmail.nl', 'email'],
  ['email: name [at] mail [dot] com', 'email'],
  ['stuur naar naam (at) provider (punt) nl', 'email'],
  ['lisa [apenstaartje] ziggo [punt] nl', 'email'],
  ['jake at gmail dot com, write me', 'email'],
  ['Je kunt mailen naar PETER@EXAMPLE.ORG', 'email'],
  ['wa.me/31612345678', 'link'],
  ['join via https://chat.whatsapp.com/AbCdEf123', 'link'],
  ['t.me/lisa_nl', 'link'],
  ['instagram.com/jake.recovery', 'link'],
  ['check https://www.facebook.com/peter.jansen', 'link'],
  ['tiktok.com/@soberlife', 'link'],
  ['discord.gg/abc123', 'link'],
  ['add me on insta @jake_88', 'handle'],
  ['my snap is jake_88', 'handle'],
  ['insta: lisa.devries', 'handle'],
  ['volg me op instagram @lisa.nl', 'handle'],
  ['telegram: @peterj', 'handle'],
  ['Mijn snapchat = mark2000', 'handle'],
  ['dm me @sober_sam', 'handle'],
  ['discord: jake#1234', 'handle'],
  ['voeg me toe op whatsapp: 0687654321', 'phone'],
  ['IG - @recovery.rose', 'handle'],
  ['signal: +31 6 8765 4321', 'phone'],
  ['ｍａｉｌ: jake＠gmail．com', 'email'],
];

const negatives: string[] = [
  'I have been sober for 365 days today',
  'Ik ben nu 42 dagen clean',
  'The meeting is at 14:30 on 12-05-2024',
  'De afspraak is op 01-02-2025 om 10:00',
  'My appointment is on 05/06/2024',
  'It cost me €12,50 at the pharmacy',
  'I spent $1,250.00 on drinks last month',
  'Ik neem 50 mg sertraline per dag',
  'Take 0.5 mg twice daily',
  'Bel 113 als het niet gaat',
  'De zelfmoordpreventielijn is 0800-0113',
  'Call or text 988 if you are in crisis',
  'I was at the clinic all day',
  'We meet at 7 pm at the community center',
  'Thanks @Sam for the advice',
  '@Lisa het ging beter vandaag',
  'I deleted instagram last week, best decision',
  'My snap streaks used to matter so much to me',
  'Between 2019 and 2023 I relapsed three times',
  'From 2019-2023 I lived in Utrecht',
  'Room 101, second floor',
  'Mijn postcode begint met 3511',
  'I walked 12000 steps today',
  'Page 123 of the workbook was hard',
  'Step 4 of the 12 steps is the hardest',
  'The group has 12 members',
  'Ik weeg nu 75,5 kilo',
  'Score: 3 out of 10 today',
  'Version 2.0.1 of the app crashed',
  'She was born in 1985',
  'We talked for 45 minutes',
  'Bus 12 komt om 08:15',
  'My blood pressure was 120/80',
  'De rekening was 1.250 euro',
  'I feel like 10 out of 10 today!',
  'Ik heb 3 keer gebeld met mijn moeder',
  'see you at the meeting, take care',
  'I am at a loss for words',
  'dot the i and cross the t',
  'Kom je morgen om 9 uur?',
  'Temperatuur was 37.5 graden',
  'Week 12: still going strong',
  'The hotline said to wait 24-48 hours',
  'Mijn BSN doe ik niet online hoor',
];

describe('contact detail detection', () => {
  it('has a table of at least 40 positive and 40 negative examples', () => {
    expect(positives.length).toBeGreaterThanOrEqual(40);
    expect(negatives.length).toBeGreaterThanOrEqual(40);
  });

  it.each(positives)('finds contact details in %j (%s)', (text, kind) => {
    expect(detectContactDetails(text)).toContain(kind);
  });

  it.each(negatives)('finds nothing in %j', (text) => {
    expect(detectContactDetails(text)).toEqual([]);
  });
});
