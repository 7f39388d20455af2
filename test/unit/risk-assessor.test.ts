import { describe, expect, it } from 'vitest';
import { RiskAssessor, loadRiskRules, type RiskCategory, type RiskLevel } from '../../server/safety/risk-assessor.js';

const assessor = new RiskAssessor();

// [message, expected level, expected category (for levels above none)]
type Row = [string, RiskLevel, RiskCategory?];

const imminent: Row[] = [
  ["I'm going to kill myself tonight", 'imminent', 'suicide'],
  ['im gonna kill myself tonight, sorry', 'imminent', 'suicide'],
  ['This is goodbye. Thank you for everything.', 'imminent', 'suicide'],
  ['I wrote my suicide note already', 'imminent', 'suicide'],
  ['I have the rope in my room', 'imminent', 'suicide'],
  ["I'm standing on the bridge right now", 'imminent', 'suicide'],
  ['the pills are ready on my table', 'imminent', 'suicide'],
  ['I just took 30 pills', 'imminent', 'overdose'],
  ['I took all my pills, what happens now', 'imminent', 'overdose'],
  ['took the whole bottle an hour ago', 'imminent', 'overdose'],
  ['Ik ga vannacht een einde aan mijn leven maken', 'imminent', 'suicide'],
  ['Dit is mijn afscheid, dank voor alles', 'imminent', 'suicide'],
  ['ik sta op de brug', 'imminent', 'suicide'],
  ['de pillen liggen klaar', 'imminent', 'suicide'],
  ['Ik heb alle pillen genomen', 'imminent', 'overdose'],
  ['ik heb net 20 pillen genomen', 'imminent', 'overdose'],
  ['Ik heb te veel pillen genomen, ik voel me raar', 'imminent', 'overdose'],
  ["I have a knife and I'm going to use it on him", 'imminent', 'harm_to_others'],
  ['ik ga hem vanavond vermoorden', 'imminent', 'harm_to_others'],
  ['Vannacht maak ik er een einde aan.', 'imminent', 'suicide'],
];

const high: Row[] = [
  ['I want to die', 'high', 'suicide'],
  ['i wanna die', 'high', 'suicide'],
  ['I want to kill myself', 'high', 'suicide'],
  ["I don't want to wake up tomorrow", 'high', 'suicide'],
  ["I dont want to live anymore", 'high', 'suicide'],
  ['Everyone would be better off without me', 'high', 'suicide'],
  ["I'm better off dead", 'high', 'suicide'],
  ['I wish I was dead', 'high', 'suicide'],
  ['There is no reason to live', 'high', 'suicide'],
  ["I've been feeling suicidal all week", 'high', 'suicide'],
  ['thinking about suicide again', 'high', 'suicide'],
  ['I want to end my life', 'high', 'suicide'],
  ['I want to end it all', 'high', 'suicide'],
  ['I want to take my own life', 'high', 'suicide'],
  ['i want to k i l l myself', 'high', 'suicide'],
  ['I want to k1ll mys3lf', 'high', 'suicide'],
  ['I wanna diiiie', 'high', 'suicide'],
  ['i want to unalive myself', 'high', 'suicide'],
  ['kms', 'high', 'suicide'],
  ['I think about sucide every day', 'high', 'suicide'],
  ['I cut myself again last night', 'high', 'self_harm'],
  ['I keep hurting myself', 'high', 'self_harm'],
  ['I want to hurt myself', 'high', 'self_harm'],
  ['the urge to self harm is so strong', 'high', 'self_harm'],
  ['I burned myself with a lighter', 'high', 'self_harm'],
  ['I want to take all my pills', 'high', 'overdose'],
  ['thinking of an overdose', 'high', 'overdose'],
  ["I'm going to drink myself to death", 'high', 'overdose'],
  ['I want to kill him', 'high', 'harm_to_others'],
  ["I'm going to hurt her", 'high', 'harm_to_others'],
  ['He hits me when he is drunk', 'high', 'abuse'],
  ["I'm being abused at home", 'high', 'abuse'],
  ['I am afraid he will hurt me', 'high', 'abuse'],
  ['Ik wil niet meer leven', 'high', 'suicide'],
  ['ik wil dood', 'high', 'suicide'],
  ['Ik wil er niet meer zijn', 'high', 'suicide'],
  ['ik denk aan zelfmoord', 'high', 'suicide'],
  ['ik ben suïcidaal', 'high', 'suicide'],
  ['Ik wil er een einde aan maken', 'high', 'suicide'],
  ['iedereen is beter af zonder mij', 'high', 'suicide'],
  ['ik wil niet meer wakker worden', 'high', 'suicide'],
  ['Ik wou dat ik dood was', 'high', 'suicide'],
  ['ik wil mezelf iets aandoen', 'high', 'suicide'],
  ['ik heb mezelf gesneden', 'high', 'self_harm'],
  ['Ik snij mezelf weer', 'high', 'self_harm'],
  ['ik wil mezelf pijn doen', 'high', 'self_harm'],
  ['ik denk aan een overdosis', 'high', 'overdose'],
  ['Ik wil al mijn pillen innemen', 'high', 'overdose'],
  ['ik wil hem vermoorden', 'high', 'harm_to_others'],
  ['Hij slaat me als hij dronken is', 'high', 'abuse'],
  ['ik word mishandeld door mijn vriend', 'high', 'abuse'],
  ['ik denk steeds aan zelfmoort', 'high', 'suicide'],
];

const elevated: Row[] = [
  ['I feel hopeless', 'elevated', 'suicide'],
  ["What's the point", 'elevated', 'suicide'],
  ['Nothing matters anymore', 'elevated', 'suicide'],
  ["I can't take it anymore", 'elevated', 'suicide'],
  ["I can't do this anymore", 'elevated', 'suicide'],
  ['there is no way out for me', 'elevated', 'suicide'],
  ["I've been thinking about death a lot", 'elevated', 'suicide'],
  ['I want to use again so badly', 'elevated', 'overdose'],
  ["I'm about to relapse", 'elevated', 'overdose'],
  ['Ik zie het niet meer zitten', 'elevated', 'suicide'],
  ['Het heeft allemaal geen zin', 'elevated', 'suicide'],
  ['ik kan niet meer', 'elevated', 'suicide'],
  ['Ik voel me zo hopeloos', 'elevated', 'suicide'],
  ['ik hou het niet meer vol', 'elevated', 'suicide'],
  ['ik wil weer gebruiken', 'elevated', 'overdose'],
  ['Ik denk veel aan de dood', 'elevated', 'suicide'],
];

const ordinary: Row[] = [
  // negations
  ["I'm not suicidal, just tired", 'none'],
  ["I'm not going to kill myself, don't worry", 'none'],
  ['I would never hurt myself', 'none'],
  ['I no longer want to die, thanks to this group', 'none'],
  ['Ik ben niet suïcidaal hoor', 'none'],
  ['ik wil niet dood', 'none'],
  ['Nee, ik wil mezelf geen pijn doen', 'none'],
  ["I don't feel hopeless today", 'none'],
  ['He never hits me, he is kind', 'none'],
  ['ik wil nooit meer gebruiken', 'none'],
  // idioms and jokes
  ['This homework is killing me', 'none'],
  ['ik lach me dood', 'none'],
  ['I was dying of laughter 😂', 'none'],
  ["I'm dying to see you all on Tuesday", 'none'],
  ['That cake was to die for', 'none'],
  ['I could die of embarrassment lol', 'none'],
  ['You killed it at the meeting!', 'none'],
  ['We played cards to kill time', 'none'],
  ['I overdosed on coffee this morning haha', 'none'],
  ['I cut myself shaving, ouch', 'none'],
  ['ik schrik me dood van die hond', 'none'],
  ['Ik ben doodmoe na die dag', 'none'],
  ['ik verveel me dood', 'none'],
  ['Ik ga dood van de honger, wat eten we?', 'none'],
  ['ik schaam me dood', 'none'],
  ['my phone is dead again lol', 'none'],
  ['I would kill for a pizza right now', 'none'],
  ['I hurt myself laughing at that video', 'none'],
  ['That movie was deadly boring', 'none'],
  ['this traffic is murder', 'none'],
  // lyrics
  ["🎵 I don't wanna live forever 🎵", 'none'],
  ['Queen: another one bites the dust', 'none'],
  ['stayin alive, ah ah ah', 'none'],
  ['Mama, just killed a man (Bohemian Rhapsody at karaoke!)', 'none'],
  // past tense recovery stories
  ['Two years ago I tried to kill myself. Today I am 700 days sober.', 'none'],
  ['I used to cut myself, but I have not done it in a year', 'none'],
  ['Back then I wanted to end my life, now I want to help others', 'none'],
  ['When I was 16 I wanted to die, but I got help', 'none'],
  ['Vroeger wilde ik niet meer leven, nu gaat het goed', 'none'],
  ['Drie jaar geleden dacht ik aan zelfmoord', 'none'],
  ['Toen ik jong was sneed ik mezelf', 'none'],
  ['I overdosed 5 years ago and it changed my life', 'none'],
  ['In the past I used to feel hopeless', 'none'],
  // ordinary chat with risky-looking words
  ['The suicide prevention training was really useful', 'none'],
  ['My grandmother died last year, I miss her', 'none'],
  ['Mijn hond is dood gegaan, ik ben verdrietig', 'none'],
  ['I want to live a sober life', 'none'],
  ['I finally want to wake up early tomorrow', 'none'],
  ['We talked about overdose prevention and naloxone', 'none'],
  ['Take your pills with food', 'none'],
  ['I cut my hair today', 'none'],
  ['The end of the session was emotional', 'none'],
  ['Good morning everyone!', 'none'],
  ['Goedemorgen allemaal, hoe gaat het?', 'none'],
  ['I went to the meeting at 19:30 and talked to Sam', 'none'],
  ['Ik ben 42 dagen clean vandaag', 'none'],
  ['Thanks for listening, see you next week', 'none'],
  ['Ik heb zin in de groepssessie', 'none'],
  ['Can we talk about cravings next time?', 'none'],
  ['I feel so much better than last month', 'none'],
  ['Ik kan niet wachten tot volgende week', 'none'],
  ['My plan for tonight is a long walk', 'none'],
  ['I took my medication as prescribed', 'none'],
  ['Wat een mooie dag vandaag', 'none'],
  ['Ik ga vannacht goed slapen', 'none'],
  ['I love my kids more than anything', 'none'],
  ['What is the point of step four?', 'none'],
];

const table: Row[] = [...imminent, ...high, ...elevated, ...ordinary];

describe('risk assessor', () => {
  it('is checked against at least 150 labelled English and Dutch messages', () => {
    expect(table.length).toBeGreaterThanOrEqual(150);
    expect(ordinary.length).toBeGreaterThanOrEqual(50);
  });

  it.each(table)('%j → %s', (text, level, category) => {
    const result = assessor.assess(text);
    expect(result.level).toBe(level);
    if (category) expect(result.categories).toContain(category);
    else expect(result.matches).toEqual([]);
    expect(result.version).toBe(loadRiskRules().version);
  });

  it('names the phrases it matched', () => {
    const result = assessor.assess('I want to die. I took all my pills.');
    expect(result.matches.map((m) => m.phrase)).toEqual(expect.arrayContaining(['want to die', 'took all my pills']));
    expect(result.categories).toEqual(['overdose', 'suicide']);
    expect(result.level).toBe('imminent');
  });
});
