import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Lexicon, loadLexiconFile } from '../../server/safety/detection/lexicon.js';
import { prepare } from '../../server/safety/detection/text.js';
import { BUCKETS } from '../../server/safety/detection/features.js';
import { HEADS, RiskModel } from '../../server/safety/detection/model.js';
import { DEFAULT_LEXICON_FILE, DEFAULT_MODEL_FILE, loadRiskAssessor, RiskAssessor } from '../../server/safety/risk-assessor.js';
import type { RiskLevel } from '../../shared/models.js';

const assessor = loadRiskAssessor();
const lexicon = new Lexicon(loadLexiconFile(DEFAULT_LEXICON_FILE));
const concepts = (text: string) => [...lexicon.scan(prepare(text)).at.keys()];
const frames = (text: string) => [...lexicon.scan(prepare(text)).filters.keys()];
const rules = (text: string) => assessor.layers(prepare(text)).rules;
const ruleIds = (text: string) => rules(text).map((m) => m.ruleId);
const level = (text: string): RiskLevel => assessor.assess(text).level;
/** What lowered the first finding of that detector, if anything did. */
const loweredBy = (text: string, id: string) => rules(text).find((m) => m.ruleId === id)?.loweredBy;
/** Each row: a harmless message the detector must not find, the meant one it must, and the detector. */
const harmlessThenMeant = (rows: Array<[string, string, string]>) =>
  it.each(rows)('not: %s / but: %s (%s)', (harmless, meant, id) => {
    expect(ruleIds(harmless)).not.toContain(id);
    expect(ruleIds(meant)).toContain(id);
  });

describe('the lexicon layer: stems, compounds, chat spelling', () => {
  it.each([
    ['ik heb slaappillen', 'PILLS'],
    ['zelfmoordgedachten', 'SUICIDE'],
    ['my sleeping pills', 'PILLS'],
    ['killing', 'KILL'],
    ['treinsporen', 'PLACE'],
    ['afscheidsbriefje', 'FAREWELL_STRONG'],
    ['afscheidsbrieven', 'FAREWELL_STRONG'],
    ['💊💊', 'PILLS'],
    ['k1ll', 'KILL'],
    ['s u i c i d e', 'SUICIDE'],
    ['killlll', 'KILL'],
  ])('%s is read as %s', (text, concept) => expect(concepts(text)).toContain(concept));

  it.each([
    ['ik ben doodmoe', 'DIE'],
    ['doodsbang voor de tandarts', 'DIE'],
    ['een pilsje na het werk', 'PILLS'],
    ['springtouwen met de kids', 'JUMP'],
    ['wat is het plan', 'DANGER'],
    ['soon', 'CHILD'],
  ])('%s is not read as %s (allow-list, no collapsed look-alikes)', (text, concept) => expect(concepts(text)).not.toContain(concept));

  it('turns counts and grams into quantity tokens, not doses in milligrams', () => {
    expect(prepare('took 30 pills and 2g').sentences.flat()).toEqual(['took', '30', 'qty', 'pills', 'and', '2', 'qty', 'g']);
    expect(prepare('sertraline 100mg').sentences.flat()).not.toContain('qty');
    expect(prepare('2 paracetamol van 500').sentences.flat()).not.toContain('qty');
  });
});

describe('situations', () => {
  it.each<[string, string, RiskLevel]>([
    ['I took 30 of my sleeping pills an hour ago', 'overdose.taken', 'imminent'],
    ['heb net een hele strip oxazepam geslikt', 'overdose.taken', 'imminent'],
    ['mixed my xanax with half a bottle of vodka', 'overdose.mixing', 'imminent'],
    ["my boyfriend's lips are blue and I can't wake him up", 'overdose.danger-signs', 'imminent'],
    ['mijn vriend ademt heel langzaam en hij heeft G genomen', 'overdose.danger-signs', 'imminent'],
    ['ik wil dood', 'suicide.want-death', 'high'],
    ['i wanna kill myself', 'suicide.kill-self', 'high'],
    ['ik wil niet meer leven', 'suicide.not-live', 'high'],
    ['so tired of living honestly', 'suicide.passive', 'high'],
    ['ik wil er gewoon niet meer zijn', 'suicide.passive', 'high'],
    ['everyone would be better off without me', 'suicide.burden', 'high'],
    ['I bought a rope today', 'suicide.means', 'high'],
    ['ik sta op het dak en ik wil springen', 'suicide.place', 'imminent'],
    ['I cut myself again last night', 'self-harm.hurt-self', 'high'],
    ["I'm going to stab my ex tonight", 'harm-to-others.threat', 'imminent'],
    ['he is hitting me right now', 'abuse.hurt-by-other', 'imminent'],
    ['hij heeft me opgesloten en mijn telefoon afgepakt', 'abuse.coercion', 'imminent'],
    ['een jaar niks gedaan en vannacht terug gesneden', 'self-harm.again', 'imminent'],
    ['cut again last night. deeper than usual', 'self-harm.again', 'high'],
    ['dealer says im dead if i dont pay by friday', 'abuse.threatened', 'high'],
    ['Mijn lief zegt dat hij mij vermoordt als ik ooit vertrek', 'abuse.threatened', 'high'],
    ['how much paracetamol is actually lethal', 'overdose.lethal-dose', 'high'],
    ['hoeveel van die pillen zijn dodelijk', 'overdose.lethal-dose', 'high'],
    ['voor als die jongens weer komen heb ik altijd een schroevendraaier bij me', 'harm-to-others.weapon', 'imminent'],
    ['dad drunk again n hes beating mum downstairs', 'abuse.hurt-by-other', 'imminent'],
    ['Acht maanden zonder zelfbeschadiging en gisteren heb ik toch weer gesneden', 'self-harm.named', 'high'],
    ["handdoek vol bloed, 't stopt nie", 'self-harm.wound', 'imminent'],
    ['ik zweer het op ons moeder, als ik die gast zie is hij eraan', 'harm-to-others.threat', 'high'],
    ['if i see him again hes dead', 'harm-to-others.threat', 'high'],
    ['mijn lippen worden blauw en ik krijg slecht adem', 'overdose.danger-signs', 'imminent'],
    ['ik heb ze allemaal voor me liggen, alle pillen, ik twijfel nog of ik het ga doen', 'suicide.means', 'imminent'],
    ['forging pe notes to hide cuts', 'self-harm.hidden', 'high'],
    ['the red lines are going up towards my elbow now and ive got a temperature, from the cut', 'self-harm.wound', 'imminent'],
    ['tramadol plus sertraline, twitching, sweating', 'overdose.mixing', 'imminent'],
    ['outside his house with golf club', 'harm-to-others.weapon', 'imminent'],
    ['Landlord wants sex instead of rent', 'abuse.coercion', 'high'],
    ['gave all my games to my cousin. wont be needing them where im going', 'suicide.farewell', 'imminent'],
    ['kids asleep, husband away. tonight i end it while its quiet', 'suicide.do-it', 'imminent'],
    ['bought a rope today. it is in the shed, and it is not for the garden', 'suicide.means', 'high'],
    ['im at the lake. stones in my pockets', 'suicide.place', 'imminent'],
    ['8 months clean. gonna do the same amount i used to do, at my flat by myself', 'overdose.tolerance', 'high'],
    ['net 3 maanden uit de kliniek. ga vanavond toch wat halen, zelfde hoeveelheid als vroeger', 'overdose.tolerance', 'imminent'],
    ['out of rehab 3 days and i scored. gonna use at home on my own', 'overdose.tolerance', 'high'],
    ['jup gisteravond weer gesneden, 2e keer deze week', 'self-harm.again', 'high'],
    ["'k ben mezelf aan 't branden met sigaretten, al drie plekken", 'self-harm.hurt-self', 'imminent'],
    ["hij ligt hier en z'n lippen zijn blauwgrijs, wat moet ik doen", 'overdose.danger-signs', 'imminent'],
    ['kid swallowed a few of my pills, what do i do', 'overdose.child', 'imminent'],
    ['sh weer gedaan 🙃 arm ziet er niet uit', 'self-harm.named', 'high'],
    ["Found my toddler with my buprenorphine packet open. One tablet missing. He's acting drowsy.", 'overdose.child', 'imminent'],
    ['neighbour poisoned my dog. got the rifle loaded for him', 'harm-to-others.weapon', 'imminent'],
    ['weer met mn hoofd op de radiator gebeukt tot het bloedde', 'self-harm.wound', 'high'],
    ['twee jaar binnen gezeten, vanavond terug zelfde dosis shotten als vroeger', 'overdose.tolerance', 'imminent'],
    ['hostel manager wants sex or im back on the street friday', 'abuse.coercion', 'high'],
    ['hose is taped to the exhaust. sitting in the car now', 'suicide.means', 'imminent'],
    ['took 30 pills on a binge last night', 'overdose.taken', 'imminent'],
  ])('%s → %s at %s', (text, detector, expected) => {
    const found = rules(text).find((m) => m.ruleId === detector);
    expect(found, JSON.stringify(rules(text))).toBeDefined();
    expect(level(text)).toBe(expected);
  });

  it.each([
    'my phone died on the way home',
    'I could murder a pizza right now',
    'we hung the washing on the line',
    'ik ga ermee stoppen, met roken bedoel ik',
    'took my meds this morning like always',
    'my doctor upped my sertraline to 100mg',
    'mijn telefoon is dood',
    'ik lach me dood om die video',
    "my mum's going to kill me when she sees the car",
    'she said the plant is dead because i forgot to water it',
    'my mum said im dead if i come home late lol',
    'made pasta from scratch this evening, proud of myself for not ordering food',
    'i cut the bread again, the loaf was too big',
    'my brother beat my dad at chess again',
    'hit 100 days this morning, didnt think id get here',
    'meisje uit mijn klas krast in haar armen, moet ik dat aan de mentor zeggen',
    'if i see him at the gym i am going to ask him out',
    'if i see my ex at the party i will die of embarrassment',
    'i cut my finger cooking, its a bit swollen',
    'Headache all day. Took two paracetamol, drinking water, going to bed early.',
    'bought a rope for the garden swing',
    'We hung the rope swing over the lake and jumped in all afternoon with the kids.',
    '5 years ago, after prison, I used my old dose and woke up in hospital. now I run the needle exchange',
    '3 months sober and I want the same amount of sleep every night',
    'my tolerance for nonsense is gone, 6 months sober and I use my time well',
    'my son swallowed his antibiotic tablet for the first time, so proud',
    'fell twenty-odd feet off the grain bin in 97, the pills started after that, clean now',
    'took a whole bag of expired pills back to the pharmacy for disposal today',
    'I sliced my finger while dicing onions for dinner. It bled quite a bit, but the curry turned out well.',
    'nicked my leg shaving this morning, it bled loads because of my blood thinners',
  ])('%s raises nothing to high', (text) => {
    expect(['high', 'imminent']).not.toContain(level(text));
  });

  it('treatment that keeps the writer alive, stopped to let go, is suicide; a change the doctor made is not', () => {
    expect(ruleIds('stopped my insulin on purpose. letting it happen this time.')).toContain('suicide.stopped-treatment');
    expect(ruleIds('Ik heb sinds zaterdag mijn dialyse afgezegd en ik ga ook niet meer, ik ben op.')).toContain('suicide.stopped-treatment');
    expect(ruleIds('my doctor stopped my lithium because of my kidneys, I am done with the side effects finally')).not.toContain('suicide.stopped-treatment');
    expect(ruleIds('ran out of insulin, pharmacy closed, so annoying')).not.toContain('suicide.stopped-treatment');
  });

  it('objects swallowed by the writer are self-harm; by a child or someone else they are not this', () => {
    expect(ruleIds('swallowed paperclips again last night. belly sore')).toContain('self-harm.swallowed');
    expect(ruleIds('Ik heb twee paperclips en een stuk van een plastieken vork ingeslikt')).toContain('self-harm.swallowed');
    expect(ruleIds('my toddler swallowed a coin, we are at A&E now')).not.toContain('self-harm.swallowed');
    expect(ruleIds('he swallowed a battery')).not.toContain('self-harm.swallowed');
  });

  it('the old amount after abstinence, taken now, is an overdose risk: "uit de kliniek … ik neem zoals vroeger"', () => {
    expect(ruleIds('Net uit de kliniek na zes weken detox. Ik neem gewoon een halve gram zoals vroeger.')).toContain('overdose.tolerance');
  });

  it('a goodbye explained by a move, with no word of dying, is no farewell; a farewell letter still is', () => {
    expect(ruleIds('Dit is mijn laatste bericht hier, ik krijg eindelijk huis in Zwolle. Bedankt voor alles!')).not.toContain('suicide.farewell');
    expect(ruleIds('moving to a new flat next week, so this is goodbye, thanks for everything')).not.toContain('suicide.farewell');
    expect(ruleIds('new flat or not, the pills are counted. thanks for everything')).toContain('suicide.farewell');
  });

  it('a child near a parent\'s medicine is neglect only where the adult is out of it or violent', () => {
    expect(ruleIds('Rare nacht op intensieve met een morfinepomp en een patiënt die overleden is. Efkes slapen en dan de kinderen halen.')).not.toContain('abuse.child');
    expect(ruleIds('mijn vriend ligt straalbezopen en buiten westen op de bank en de kinderen zijn alleen met hem')).toContain('abuse.child');
  });

  it('a bruise is no blue lips: "blauwe plek", "black and blue" are no danger sign', () => {
    expect(ruleIds('ik heb een blauwe plek op mijn been van het voetballen met mijn broer')).not.toContain('overdose.danger-signs');
    expect(ruleIds('my mate is black and blue on his arms after rugby')).not.toContain('overdose.danger-signs');
    expect(ruleIds('ze heeft blauwe lippen en mijn vriend zijn gezicht is grauw')).toContain('overdose.danger-signs');
  });

  it('"zaterdag spring ik": a Dutch subject after the verb is still the writer, but not after a condition', () => {
    expect(ruleIds("'k zen de hoogte van de brug gaan opmeten, zaterdag spring ik")).toContain('suicide.place');
    expect(ruleIds('Als de buren nog één keer All I Want for Christmas opzetten, spring ik van het balkon.')).not.toContain('suicide.place');
  });

  it('a rifle loaded in a sentence about hunting is no weapon kept for someone', () => {
    expect(ruleIds('got the rifle loaded for him, we are going hunting at dawn')).not.toContain('harm-to-others.weapon');
  });

  it("\"OD'd\" is an overdose; \"odd\" and \"odds\" are words", () => {
    expect(concepts("i OD'd last night")).toContain('OVERDOSE');
    expect(concepts('twenty-odd years, feeling odd, against the odds')).not.toContain('OVERDOSE');
  });

  it('a knife bought as a present is no weapon kept for someone', () => {
    expect(ruleIds('bought a knife for him for his birthday')).not.toContain('harm-to-others.weapon');
  });

  it('a dose written with its unit is no leetspeak, punctuation or not ("2.5mg,", "(50mg)", "20th.")', () => {
    expect(prepare('we lower it 2.5mg, each month; took (50mg). on the 20th.').sentences.flat()).toEqual(expect.arrayContaining(['2.5', 'mg', '50', '20', 'th']));
    expect(prepare('k1ll').sentences.flat()).toEqual(['kill']);
  });

  it('"do not wake me" asks for sleep; someone who cannot be woken is a danger sign ("niet te wekken")', () => {
    expect(ruleIds('had 3 beers at the quiz, sleeping 14 hours, do not wake me unless the building is on fire')).not.toContain('overdose.danger-signs');
    expect(ruleIds('we deden G en hij is al 20 min niet te wekken')).toContain('overdose.danger-signs');
    expect(ruleIds('took something at the party and now i cant wake him')).toContain('overdose.danger-signs');
  });

  it('numbness is a danger sign beside what was taken, not anywhere in a long story', () => {
    expect(ruleIds("Covering a shift on the acute ward last night, a lady whose potassium was through the floor. He came back, thankfully. I'm fine, just wired and a bit numb the way you get after.")).not.toContain('overdose.danger-signs');
    expect(ruleIds('took 20 of my pills and now i cant feel my legs')).toContain('overdose.danger-signs');
  });

  it('"a rough patch" is a hard time, not a fentanyl patch', () => {
    expect(ruleIds('She had a really rough patch last month. She asked me to keep the paracetamol in my room for now.')).not.toContain('overdose.mixing');
  });

  it('a firearm readied ("gun\'s cleaned", "rifle\'s ready", "blaffer ligt klaar") is a means', () => {
    expect(ruleIds("sold the ewes, wrote to the bank, gun's cleaned. after harvest")).toContain('suicide.means');
    expect(ruleIds("drunk driver who killed my boy gets out in june. rifle's ready")).toContain('suicide.means');
  });

  it('sextortion: images, a demand and a threat to spread them', () => {
    expect(ruleIds('pay 300 by 11 or my pics go to my mum')).toContain('abuse.sextortion');
    expect(ruleIds("om 9 uur gaat die vid naar m'n klas tenzij ik betaal")).toContain('abuse.sextortion');
    expect(ruleIds('can you send me the pics from the party, I will pay you back for the tickets')).not.toContain('abuse.sextortion');
  });

  it('driving into something, by the writer, is a means: "rij ik tegen een pijler"', () => {
    expect(ruleIds('15 jaar zenuwpijn. binnenkort rij ik op de A2 tegen een pijler')).toContain('suicide.crash');
    expect(ruleIds('my neighbour drove into a tree on the ice last night, he is fine')).not.toContain('suicide.crash');
  });

  it('the dealer met again after detox or prison is a relapse at a tolerance lost', () => {
    expect(ruleIds('3 wks out of detox. meeting my old dealer friday')).toContain('overdose.relapse');
    expect(rules('two years clean and I have not seen my old dealer since, so proud').filter((m) => m.ruleId === 'overdose.relapse' && !m.loweredBy)).toEqual([]);
  });

  it('a child covered in bruises is a child in danger; a debt worked off with the passport kept is coercion', () => {
    expect(ruleIds("mijn nichtje van zes zat gisteren vol blauwe plekken op haar rug en zei 'ik was stout'")).toContain('abuse.child');
    expect(ruleIds('hij heeft mijn ID kaart en zegt als ik weg loop zijn mensen vinden mij')).toContain('abuse.coercion');
  });

  it('worry for someone else is not danger to the writer', () => {
    expect(ruleIds('my bff showed me her cuts today. im scared for her')).not.toContain('abuse.danger-now');
    expect(ruleIds('he is banging on the door and im scared, he has a knife')).toContain('abuse.danger-now');
  });
});

describe('filters lower to elevated, never to none', () => {
  it.each([
    ["I don't want to die, I want to get better", 'negation'],
    ['ik wil niet dood, ik wil hulp', 'negation'],
    ['two years ago I overdosed, now I am clean and proud of it', 'past'],
    ['vroeger sneed ik mezelf, nu ben ik 3 jaar schoon', 'past'],
    ['great training today: we practised asking someone if they are thinking about suicide', 'training'],
    ['ik snij mezelf niet meer, dat is echt verleden tijd', 'negation'],
    ["I don't want to say goodbye, I want to stay", 'negation'],
    ['in 2019 deed ik een poging, nu studeer ik weer', 'past'],
    ['did a talk at a school about my od at 22 and how i got clean', 'past'],
    ['4 jaar terug werd ik wakker op de seh na een overdosis. vandaag mn contract getekend', 'past'],
  ])('%s is lowered by %s', (text, by) => {
    const result = assessor.assess(text);
    expect(result.level).toBe('elevated');
    expect(result.matches.some((m) => m.loweredBy === by), JSON.stringify(result.matches)).toBe(true);
  });

  it.each<[string, string]>([
    // The trigger's own word: "won't let me", "zonder pijn" deny nothing of what they say.
    ["my boyfriend won't let me leave the house or see anyone", 'abuse.coercion'],
    ['all night reading which way is without pain', 'suicide.plan'],
    ['als je dood wil zonder pijn wat is dan de beste manier', 'suicide.plan'],
    // A reason denied after the act: the tablets are still taken.
    ['ik heb een hele strip dafalgan genomen, niet om dood te gaan, gewoon om te slapen', 'overdose.taken'],
    ['took 30 of my sleeping pills, not to die, just to sleep', 'overdose.taken'],
  ])('%s is not negated: the denial is part of the trigger, or of a reason', (text, ruleId) => {
    const found = rules(text).find((m) => m.ruleId === ruleId);
    expect(found?.loweredBy, JSON.stringify(rules(text))).toBeUndefined();
    expect(['high', 'imminent']).toContain(found?.level);
  });

  it.each(["wasn't for shaving", "haven't", "hadn't", "hasn't", "couldn't"])('"%s" is a negation', (words) => {
    expect(concepts(words)).toContain('NEGATION');
  });

  it('the act itself denied just after its verb is still negated: "ik nam geen 30 pillen"', () => {
    expect(loweredBy('ik nam geen 30 pillen, maar 2', 'overdose.taken')).toBe('negation');
  });

  it('a frame denied is no frame: "no joke", "geen grapje"', () => {
    expect(lexicon.scan(prepare('haha grapje')).filters.has('hyperbole')).toBe(true);
    expect(lexicon.scan(prepare('dit is geen grapje')).filters.has('hyperbole')).toBe(false);
    expect(lexicon.scan(prepare('this is no joke')).filters.has('hyperbole')).toBe(false);
  });

  it('the past never lowers what is set for tonight or again', () => {
    const result = assessor.assess('years ago I tried to kill myself, tonight I will do it');
    expect(result.matches.filter((m) => m.layer === 'situation').every((m) => m.loweredBy !== 'past'), JSON.stringify(result.matches)).toBe(true);
    expect(['high', 'imminent']).toContain(result.level);
  });

  it.each([
    ['cut my thigh tonight, quite a bit deeper than I used to', 'past'],
    ['Mijn plan is om van de flat te springen waar ik vroeger woonde.', 'past'],
    ['6 months clean and I did my old amount, I feel like I am drowning and cannot get a breath', 'past'],
  ])('the past something is measured against is no past frame: %s', (text, kind) => {
    expect(lexicon.scan(prepare(text)).filters.has(kind as 'past')).toBe(false);
  });

  it('a past phrase in its own right still frames ("when I used to", "vroeger sneed ik")', () => {
    expect(lexicon.scan(prepare('when I used to cut I hid it well')).filters.has('past')).toBe(true);
    expect(lexicon.scan(prepare('vroeger sneed ik mezelf')).filters.has('past')).toBe(true);
  });

  it('"overdosed on Netflix" is a way of speaking; "going to OD on Friday" and "overdosed on my pills" are not', () => {
    const hyperbole = (text: string) => lexicon.scan(prepare(text)).filters.has('hyperbole');
    expect(hyperbole('Overdosed on Netflix this weekend')).toBe(true);
    expect(hyperbole("OD'd on uni this week")).toBe(true);
    expect(hyperbole('i overdosed on my sleeping pills last night')).toBe(false);
    expect(hyperbole('overdosed on heroin')).toBe(false);
    expect(hyperbole('going to OD on purpose')).toBe(false);
    expect(hyperbole('the quickest drug to od on')).toBe(false);
  });

  it('"toen ik" frames the past only as a time of life ("toen ik 17 was", "toen ik klein was"), not "toen ik thuiskwam"', () => {
    expect(level('Het was een rotdag op werk. Toen ik thuiskwam heb ik 15 diazepam van 10mg geslikt.')).toBe('imminent');
    expect(lexicon.scan(prepare('toen ik 17 was sneed ik mezelf')).filters.has('past')).toBe(true);
    expect(lexicon.scan(prepare('toen ik klein was sloeg mijn vader ons')).filters.has('past')).toBe(true);
  });

  it('"again" denied ("not starting again") is no relapse: the negation still lowers', () => {
    expect(rules('No cutting for me, never again.').every((m) => m.level === 'elevated')).toBe(true);
  });

  it('a dictated message without stops is read clause by clause', () => {
    const text = 'voice to text is going to mess this up but the pharmacy rang and said my pills are ready because I have only got two left in the blister pack so I will go after work and I am going to ask the pharmacist about the new one because the doctor said it might make me drowsy and I need a card for Kirsty who is 40 on Sunday';
    expect(prepare(text).sentences.length).toBeGreaterThan(1);
    expect(prepare('i took 30 pills and now i cant breathe').sentences).toHaveLength(1);
    expect(ruleIds(text)).not.toContain('overdose.quantity');
  });

  it('a word that is no frame does not lower a crisis ("watched a film last night")', () => {
    const result = assessor.assess('watched a film last night. now i want to die, the pills are next to me');
    expect(['high', 'imminent']).toContain(result.level);
    expect(result.matches.filter((m) => m.level !== 'elevated').every((m) => m.loweredBy === undefined), JSON.stringify(result.matches)).toBe(true);
  });

  it("a frame that lowers the rules lowers the classifier's crisis with them", () => {
    const result = assessor.assess('ik ga ermee stoppen, met roken bedoel ik');
    expect(result.level).toBe('elevated');
    for (const m of result.matches.filter((x) => x.layer === 'classifier' && x.category !== 'distress')) expect(m.loweredBy).toBeDefined();
  });

  it('a classifier all but certain of a crisis is not lowered by the frame that lowered a rule', () => {
    // Every score of a model without weights is 0.5.
    const { header } = RiskModel.untrained();
    const withCertain = (certain: number) =>
      new RiskAssessor({ lexicon, model: new RiskModel({ ...header, thresholds: { ...header.thresholds, crisis: { en: 0.4, nl: 0.4 }, certain } }, new Int8Array(HEADS.length * BUCKETS)) });
    const text = "I don't want to die, I want to get better";
    expect(withCertain(0.6).assess(text).level).toBe('elevated');
    const certain = withCertain(0.45).assess(text);
    expect(certain.level).toBe('high');
    expect(certain.matches).toContainEqual(expect.objectContaining({ ruleId: 'suicide.want-death', level: 'elevated', loweredBy: 'negation' }));
    expect(certain.matches.find((m) => m.layer === 'classifier')?.loweredBy).toBeUndefined();
  });

  it("someone else's words, reported, are not the writer's crisis", () => {
    expect(['high', 'imminent']).not.toContain(level('my mum keeps saying she wants to die since dad passed, who should I call for her?'));
  });

  it('something happening now is never lowered by "what do I do"', () => {
    expect(level('my friend took 40 pills and wont wake up, what do i do?')).toBe('imminent');
  });
});

describe('a mention pages only when the classifier agrees', () => {
  // Every score of a model without weights is 0.5: a confirmation threshold above it confirms nothing, below it everything.
  const withConfirm = (confirm: number) => {
    const { header } = RiskModel.untrained();
    return new RiskAssessor({ lexicon, model: new RiskModel({ ...header, thresholds: { ...header.thresholds, confirm } }, new Int8Array(HEADS.length * BUCKETS)) });
  };
  const mention = 'i keep thinking about suicide';

  it('an unconfirmed mention is lowered to elevated, never to none, and says why', () => {
    const result = withConfirm(0.6).assess(mention);
    expect(result.level).toBe('elevated');
    expect(result.matches).toContainEqual(expect.objectContaining({ ruleId: 'suicide.word', level: 'elevated', loweredBy: 'unconfirmed' }));
  });

  it('a confirmed mention pages', () => {
    expect(withConfirm(0.4).assess(mention).level).toBe('high');
  });

  it.each<[string, string]>([
    ['im on the roof of the car park and im going to jump', 'suicide.place'],
    ['going to take 30 of my pills tonight', 'overdose.quantity'],
  ])('a scene everyday talk shares needs the classifier too: "%s" (%s)', (text, ruleId) => {
    expect(withConfirm(0.6).assess(text).matches).toContainEqual(expect.objectContaining({ ruleId, level: 'elevated', loweredBy: 'unconfirmed' }));
    expect(withConfirm(0.4).assess(text).matches).toContainEqual(expect.objectContaining({ ruleId, level: 'imminent' }));
  });

  it.each([
    'my friend took 40 pills and wont wake up',
    'I took 30 of my sleeping pills an hour ago',
    'mijn vriend heeft 30 oxazepam genomen en reageert niet meer',
    "im killing myself later this evening",
    'ik wil niet meer leven',
  ])('the writer\'s own wish to die, or medicine taken, pages without the classifier: "%s"', (text) => {
    expect(['high', 'imminent']).toContain(withConfirm(0.6).assess(text).level);
  });

  it.each<[string, string]>([
    ['Chemistry practical today, my partner spilled acid on the bench. Nobody was hurt, just my lab coat.', 'abuse.hurt-by-other'],
    ['blood up to my elbows after a day learning to cut along the bone at the abattoir', 'self-harm.wound'],
  ])('every other finding needs the classifier: "%s" (%s)', (text, ruleId) => {
    const unconfirmed = withConfirm(0.6).assess(text);
    expect(unconfirmed.level).toBe('elevated');
    expect(unconfirmed.matches).toContainEqual(expect.objectContaining({ ruleId, loweredBy: 'unconfirmed' }));
  });

  it('the shipped model confirms something happening to a body now', () => {
    for (const text of ['he is hitting me right now', 'cut too deep, it wont stop bleeding', 'mijn vriend is blauw aangelopen en ademt raar na de G', 'he has a knife and is banging on the door'])
      expect(['high', 'imminent']).toContain(level(text));
  });

  it('the shipped model confirms a plain crisis said with a mention', () => {
    for (const text of ['i keep thinking about suicide, i have a plan', 'ik denk steeds aan zelfmoord', 'i want to kill myself']) expect(['high', 'imminent']).toContain(level(text));
  });

  it('the shipped model confirms a crisis in a scene, and not the everyday scene', () => {
    for (const text of ['im on the roof of the car park and im going to jump', 'ik ga vannacht 40 van mijn pillen nemen', 'hij staat voor de deur met een mes en ik zit opgesloten in de wc'])
      expect(['high', 'imminent']).toContain(level(text));
    for (const text of ['my dad made me go up on the roof to clean the gutters today', 'Zondag weer vissen aan de Maas. Leefnet, emmer en mes om de lijn door te snijden mee. Wie gaat mee?'])
      expect(['none', 'elevated']).toContain(level(text));
  });
});

describe('the classifier raises by its surest crisis head', () => {
  // A model without weights scores each head by its bias alone: here the suicide head 0.95, the crisis head 0.27.
  const { header } = RiskModel.untrained();
  const biases = HEADS.map((h) => (h === 'suicide' ? 3 : h === 'crisis' ? -1 : -5));
  const sure = new RiskAssessor({ lexicon, model: new RiskModel({ ...header, biases, thresholds: { ...header.thresholds, crisis: { en: 0.9, nl: 0.9 }, confirm: 0.5 } }, new Int8Array(HEADS.length * BUCKETS)) });

  it('a kind\'s head sure of a crisis raises it, though the crisis head is not', () => {
    const result = sure.assess('just waiting till after the wedding so I do not ruin it for her');
    expect(result.level).toBe('high');
    expect(result.matches).toContainEqual(expect.objectContaining({ ruleId: 'classifier.suicide', layer: 'classifier', phrase: '0.95' }));
  });

  it('confirming a rule still reads the crisis head alone', () => {
    expect(sure.assess('i keep thinking about suicide').matches).toContainEqual(expect.objectContaining({ ruleId: 'suicide.word', loweredBy: 'unconfirmed' }));
  });
});

describe('what the seventeenth round of writers showed', () => {
  const unlowered = (text: string, id: string) => rules(text).find((m) => m.ruleId === id && !m.loweredBy);

  harmlessThenMeant([
    // A count before "kills" is a game's score; "mezelf" three words on is no "kill myself".
    ['vijf keer mezelf opgeblazen, één keer mijn eigen teammaat, en welgeteld twee kills', 'ik ga mezelf doden vannacht', 'suicide.kill-self'],
    // "Gaat" and "wants" speak of someone else, unless the writer is the subject earlier in the sentence.
    ['Pastor zegt de oude mens gaat onder water en sterft', 'Part of me wants to drink and the other part wants to be dead.', 'suicide.want-death'],
    // A count a day is a prescription.
    ['Ze nam elf pillen per dag, nu nog zeven, en ze suft minder', 'Ik heb vandaag 12 tabletten tramadol genomen, de dokter zei maximaal 4', 'overdose.taken'],
    // The negation belongs to the waking, not to "no new inflammation" later in the sentence.
    ["they put me out and i woke up asking the nurse if she'd seen my trainers 🤦 all fine, no new inflammation", "he took 3 bars and a bottle and i can't wake him", 'overdose.danger-signs'],
    // "Will" is a testament only as a noun.
    ['Tomorrow is my free day, I will sleep until the afternoon and after I call my mother.', 'Will signed, cat rehomed. Only one thing left to do.', 'suicide.farewell'],
    // A goodbye explained by going home.
    ['This will be my last message here: after six years my family and I are returning home to Ghana.', 'This will be my last message here. Thank you all, I am at peace with my decision.', 'suicide.farewell'],
    // "Zat" is sat far more often than drunk.
    ['de naald deed nauwelijks pijn en na tien minuten zat de zak vol', 'ben zat en heb net 10 oxazepam genomen', 'overdose.mixing'],
    // Relieved that the papers are done is no wish to be gone.
    ['Hij was helder, maakte grapjes met de notaris en was opgelucht dat alles nu geregeld is.', 'ik ben moe van het leven', 'suicide.passive'],
    // Going to someone who died; a visit to the living is not it.
    ['my sister moved to Leeds, I am going to her for Christmas', "Six months since Margaret went. I'll be following her on our wedding anniversary next week.", 'suicide.reunion'],
    // A wedding the writer never agreed to.
    ['my sister said yes!! wedding is in june and i am her bridesmaid', "they booked my flight. wedding's over there. i never said yes", 'abuse.forced-marriage'],
  ]);

  it('a negation that is the finding itself is no reassurance; one that denies the act is', () => {
    expect(unlowered('fourth surgery is booked and honestly im not planning to be here for it', 'suicide.not-live')).toBeDefined();
    expect(rules("I've got no plans to end my life, I just want to change my job.").every((m) => m.level === 'elevated')).toBe(true);
  });

  it('asking whether it is normal leaves the writer\'s own wish a wish; asking how to help someone else still lowers', () => {
    expect(unlowered("every morning I wake up and I'm disappointed I'm still here. Is that normal at my age?", 'suicide.passive')).toBeDefined();
    expect(loweredBy('my friend keeps saying she is tired of living, how do I help her?', 'suicide.passive')).toBe('support');
  });

  it('"nu weer" is a relapse now, "nu studeer ik weer" a recovery', () => {
    expect(rules('5 jaar clean van snijden en nu weer elke avond').some((m) => m.loweredBy === 'past')).toBe(false);
    expect(rules('in 2019 deed ik een poging, nu studeer ik weer').some((m) => m.loweredBy === 'past')).toBe(true);
  });

  it('a death told of is no idiom: pills saved up after it stand; dying of laughter is one', () => {
    expect(unlowered('Na de dood van mijn vrouw heb ik al haar medicijnen bewaard. Ik heb ze geteld en het is genoeg om niet meer wakker te worden.', 'overdose.stockpile')).toBeDefined();
    expect(loweredBy('ik ga dood van het lachen om die geit', 'suicide.going-to-die')).toBe('idiom');
  });

  it('"ik maak hem af" said of someone is a threat', () => {
    expect(ruleIds("die zatlap die ons Lien doodreed komt vrij. 'k maak hem af")).toContain('harm-to-others.threat');
  });

  it('reads a year before the rules\' own year as the past, and the rules\' year from their version, not the clock', () => {
    const file = loadLexiconFile(DEFAULT_LEXICON_FILE);
    const message = 'in 2024 I tried to kill myself';
    const pastFor = (version: string) =>
      new RiskAssessor({ lexicon: new Lexicon({ ...file, version }), model: RiskModel.untrained() }).assess(message).matches.some((m) => m.loweredBy === 'past');
    expect(pastFor('2026.11.10')).toBe(true);
    expect(pastFor('2024.1.1')).toBe(false);
    expect(() => new Lexicon({ ...file, version: 'latest' })).toThrow();
  });

});

describe('what the eighteenth round of writers showed', () => {
  harmlessThenMeant([
    // "My" names whose wish it is; the writer's own wish stands.
    ['my 3yo wants to be a dead dinosaur for the party', 'I want to be dead', 'suicide.want-death'],
    // "Ik ga dood" is also a fear told or a habit in a game.
    ['the door opens and your brain screams you are going to die, then the chute pops', 'I told you im going to die tonight', 'suicide.going-to-die'],
    ['ik ga steeds dood bij die eindbaas', 'ik ga dood, ik wil niet meer', 'suicide.going-to-die'],
    ['de eerste keer dacht ik: hier ga ik dood', 'vannacht ga ik dood', 'suicide.going-to-die'],
    // A grave visited is someone else's.
    ['Tomorrow I am going to his grave for his birthday', 'I want to be in my grave', 'suicide.want-death'],
    // Going without food as a punishment; deserving a treat or fasting before an operation is not.
    ['Ramadan: no food until sunset, I deserve a big iftar tonight', 'had a biscuit so nothing until friday, i deserve it', 'self-harm.starving'],
    ['nil by mouth, no food till the op tomorrow', 'verdien geen eten, deze week niks als straf', 'self-harm.starving'],
    ['my friend wont eat, she says she deserves it, how do I help', 'after every meal I make myself sick because I deserve it', 'self-harm.starving'],
    // Burning oneself, said the Flemish way.
    ['de kaarsen zijn nu aan t branden', 'ben mij nu aan t branden met de aansteker', 'self-harm.hurt-self'],
    // Over the railing, where it is high.
    ['climbing over the fence into the park', 'on the motorway bridge. climbing over the railing now', 'suicide.place'],
    ['we jumped in the lake all afternoon', 'saturday i will go to the train track and lie down', 'suicide.place'],
    ['het dak van de schuur is lek', 'het dak van ons gebouw is niet op slot, donderdag is het zover', 'suicide.place'],
    // A weapon taken along on a set day.
    ['taking the bat to cricket on saturday', 'visiting dean saturday with the bat', 'harm-to-others.weapon'],
    ['zaterdag rij ik met de bijl naar het bos voor brandhout', 'zaterdag rij ik met de bijl naar kevin', 'harm-to-others.weapon'],
    // A queue is no line of pills.
    ['about twenty of us lined up along the fence', 'got 40 pills lined up on the table', 'overdose.stockpile'],
    // Children named are no affairs arranged.
    ["How do I make sure kids know they won't be in trouble if they report it?", 'affairs in order, kids will be fine. wont be here much longer', 'suicide.farewell'],
    // Ending it, with no one else it could be ended with.
    ['I want to end it with my boyfriend, we just fight', 'ending it would be the kindest thing for her', 'suicide.end-it'],
    ["that's all for today, let's end it here", 'been thinking about ending it all week', 'suicide.end-it'],
    // A fisherman's cuts from the bones.
    ['mijn handen zitten vol sneetjes van de graten, dat bloedt een beetje', 'heb in mijn arm gesneden en dat bloedt nog steeds', 'self-harm.wound'],
  ]);

  it('a joke denied is no joke, whatever laughs beside it', () => {
    expect(loweredBy('gonna kill myself soon fr, not even joking this time 💀', 'suicide.kill-self')).toBeUndefined();
    expect(loweredBy('gonna kill myself if the wifi drops again 💀', 'suicide.kill-self')).toBe('hyperbole');
  });

  it('a will drawn up together, a thesis and hair dye lower what they name; the writer\'s own will does not', () => {
    expect(loweredBy('Vandaag bij de notaris ons testament opgesteld, raar om te bespreken als we allebei doodgaan', 'suicide.farewell')).toBe('idiom');
    expect(loweredBy('mijn testament is opgesteld, morgen ben ik er niet meer', 'suicide.farewell')).toBeUndefined();
    expect(loweredBy('proefschrift over zelfdoding bij boeren', 'suicide.word')).toBe('training');
    expect(loweredBy('going to die my hair purple tonight', 'suicide.going-to-die')).toBe('idiom');
  });
});

describe('what the validation split\'s misses showed', () => {
  harmlessThenMeant([
    // The voices telling the writer to jump.
    ['the voices in my head tell me to eat cake lol', 'voices want me off the balcony. getting harder to ignore', 'suicide.voices'],
    ['mijn hoofd blijft maar zeggen dat ik moet gaan slapen', 'er is een stem in mijn hoofd die de hele tijd zegt: spring nou gewoon', 'suicide.voices'],
    // Rehearsing it with a means; not a course, not the range.
    ['we practised the recovery position on a dummy in first aid class', 'practised with the belt last night. just to see', 'suicide.rehearsal'],
    ['practised on targets at the hunting range all summer', 'putting the barrel under my chin most nights. just practising', 'suicide.rehearsal'],
    // Standing at the tracks a little longer each time; the fast train's time.
    ['walked along the canal again today, the ducks are back', 'walked along the train tracks again today. i stand there longer every time', 'suicide.place'],
    ['sitting on the platform, my train is late again', 'sitting on the platform. the fast train comes thru at 9:40', 'suicide.place'],
    // A cord bought and waiting; a box cutter held.
    ['nieuwe koord gekocht voor de waslijn', "'k heb een koord gekocht in de brico, 't ligt in mijne kast te wachten", 'suicide.means'],
    ['got a new box cutter for work, the boxes come taped shut', 'Box cutter in pocket. Holding it. Not yet.', 'suicide.means'],
    // Praying to die in one's sleep; a grandmother who did is no wish.
    ['my grandma died in her sleep last year', 'Ik bid elke avond dat ik in mijn slaap doodga', 'suicide.passive'],
    // A count swallowed, misspelt as chat spells it.
    ['swallowed my vitamins this morning', 'swallowd 20 paracetamols like an hour ago, feel ok so far', 'overdose.taken'],
    // Someone saying he will finish the writer off.
    ['my brother texted he is coming round for dinner', 'my brother texted hes gonna come round and finish me off', 'abuse.threatened'],
    // Hair straighteners on the writer's own wrist, again; a body part named "ankle".
    ['used my straighteners on my hair again, it looks great', 'used my straighteners on my wrist again. its come up in a massive blister', 'self-harm.body'],
    ['sprained my ankle at football again', 'so empty i needed to feel anything so i carved into my ankle', 'self-harm.body'],
  ]);
});

describe('what the nineteenth round of writers showed', () => {
  harmlessThenMeant([
    // The writer's own images held for money, the threat left unsaid; "or send" is a threat.
    ['I paid the photographer for the wedding photos today', 'iemand heeft m\'n nudes en wil 800 euro voor vrijdag, help', 'abuse.sextortion'],
    ['can you send me the party video, I will pay you back', 'they have my video, asking 2 lakh or send to my wife', 'abuse.sextortion'],
    // "Crack" is a drug where it is smoked, not the sound of a tooth coming out.
    ["it came out with a lovely crack. he'd had enough lidocaine, sent him off with painkillers", 'smoked crack and took 10 painkillers, my heart is going mad', 'overdose.mixing'],
    // Sleeping pills named by their names, with wine.
    ['my mum takes lormetazepam for sleep, one as prescribed', 'ik neem mijn lormetazepam nu met vier, daar gaat een halve fles wijn bij en ik wist van niks', 'overdose.mixing'],
    // Nitrous oxide every day and limbs going numb.
    ['lachgas bij de tandarts was eigenlijk wel chill', 'elke avond een hele cilinder lachgas. nu tintelen mijn voeten, ik voel mijn handen bijna niet', 'overdose.danger-signs'],
    // Insulin injected and a body failing: sweat, shaking, sight going.
    ['pinned the post in the group chat and went for a run', 'pinned slin preworkout, didnt eat. shaking n cant see straight', 'overdose.danger-signs'],
    // A scaffold is a height to jump from.
    ['ik spring zo even bij de bakker binnen', "zit boven op de stelling, 't is donker, ik spring zo", 'suicide.place'],
  ]);

  it('a dose every six hours, an idiom of strangling, reckless weather and a sport\'s chokes lower what they name', () => {
    expect(ruleIds('Ik neem ibuprofen 400 om de zes uur tegen de kiespijn')).not.toContain('overdose.quantity');
    expect(ruleIds('ik neem straks 40 ibuprofen')).toContain('overdose.quantity');
    expect(loweredBy('Twee jaar lang kon ik mijn buurman wel wurgen om die haag. Vanavond komt hij een biertje drinken.', 'abuse.danger-now')).toBe('idiom');
    expect(loweredBy('mijn buurman wil me wurgen. vanavond komt hij.', 'abuse.danger-now')).toBeUndefined();
    expect(loweredBy('Ik heb gezegd dat dat zelfmoord is met dit weer', 'suicide.word')).toBe('idiom');
    expect(loweredBy('Rolled at jiu-jitsu and he caught me in a triangle choke so tight I saw stars', 'abuse.hurt-by-other')).toBe('training');
    expect(loweredBy('he caught me in a choke so tight I saw stars and hes coming back tonight', 'abuse.hurt-by-other')).toBeUndefined();
    // A hose "taped" to the exhaust is not a tap-out, although both collapse to "taped".
    expect(loweredBy('hose is taped to the exhaust. sitting in the ute now', 'suicide.means')).toBeUndefined();
  });

  it('distress said as not knowing oneself, tears in public, no one to share a day with, not leaving bed', () => {
    for (const text of ["the menopause turned me into someone I don't recognise, burst into tears at the till", "'k herken mezelf nie meer", 'first birthday in years. nobody to celebrate with', 'ze komt haar bed niet meer uit'])
      expect(ruleIds(text)).toContain('distress.words');
    expect(ruleIds('recognised my old teacher at the till, we celebrated with cake')).not.toContain('distress.words');
  });

  it('a denial ends where a new clause begins, and "still" is no story of the past', () => {
    expect(loweredBy('I did not cut myself', 'self-harm.hurt-self')).toBe('negation');
    expect(loweredBy('Ik eet dan twee dagen niks en sla mezelf met de riem', 'self-harm.hurt-self')).toBeUndefined();
    expect(loweredBy('I quit the church years ago and I beat my back with the belt until it bleeds', 'self-harm.wound')).toBe('past');
    expect(loweredBy('I quit the church years ago but I still beat my back with the belt until it bleeds', 'self-harm.wound')).toBeUndefined();
  });
});

describe('what the twentieth round of writers showed', () => {
  harmlessThenMeant([
    // Euthanasia refused, and the writer going to do it alone.
    ['her euthanasia request was turned down, so we are looking for another doctor', 'euthanasia refused. doing it myself then. nobody needs to know', 'suicide.euthanasia-refused'],
    ['euthanasie afgewezen, we vragen een second opinion', "euthanasie afgewezen. 'k doe het vannacht zelf, zeg et aan niemand", 'suicide.euthanasia-refused'],
    // Not eating as a punishment, said as it happened.
    ['didnt eat breakfast, running late. deserve a big lunch', 'didnt eat again. deserve it after wrecking another placement', 'self-harm.starving'],
    ['3 dagen niet gegeten door de griep', '3 dagen niet gegeten als straf voor een foutje in de jaarrekening', 'self-harm.starving'],
    // A prescription collected as usual is no hoard.
    ['Collected my methadone, 70 mil as usual, and I may take the weekend doses home now', 'been saving my methadone doses for weeks, hidden in the wardrobe', 'overdose.stockpile'],
    // A piercing that bled is no wound made.
    ['got my first piercings yesterday. the conch bled a bit when I caught it on my hoodie', 'cut my arm last night and it bled through the bandage', 'self-harm.wound'],
    // "s/h", as self-harm is written where the word is filtered.
    ['s/he said the mirror was ready for the hallway', "mirror again. lighter's ready. s/h time ngl", 'self-harm.named'],
    // Someone breaking in with kerosene at hand.
    ['we ran out of kerosene for the heater, he is fetching more', 'he is breaking the door. mil gave him kerosene. pls help', 'abuse.danger-now'],
  ]);

  it('a death arranged with doctors is care, unless it is set for tonight', () => {
    const care = 'My mother lives in Utrecht and has end-stage ALS, and after months of talks her GP and a second independent doctor approved her request for euthanasia. The date is next Thursday, and she wants us all there with her favourite music on.';
    expect(loweredBy(care, 'suicide.end-life')).toBe('care');
    expect(loweredBy('my euthanasia request was approved but I am not waiting. I will end my life tonight', 'suicide.end-life')).toBeUndefined();
  });

  it('"literally die" over the weather is hyperbole', () => {
    expect(loweredBy('wedding in 3 days, if it rains i will literally die', 'suicide.going-to-die')).toBe('hyperbole');
  });
});

describe('what the twenty-first and twenty-second rounds of writers showed', () => {
  harmlessThenMeant([
    // A weapon or a tool, and the writer has found where the other one lives.
    ['found where the new bakery is. bought a crowbar for the shed door', 'found where he lives. bought a crowbar', 'harm-to-others.weapon'],
    ['ik heb zijn adres gevonden voor de kerstkaart', 'Ik heb zijn huis gevonden en weet hoe laat hij de hond uitlaat. Volgende week sta ik daar met een koevoet', 'harm-to-others.weapon'],
    // A tool carried to someone on a set day.
    ['got a new stillson for the van, lovely bit of kit', 'owes me 4 grand. thursday im going round his with the stillson', 'harm-to-others.weapon'],
    ['zaterdag ga ik langs de bouwmarkt voor een pijptang', 'zaterdag ga ik bij die oplichter langs mee de pijptang', 'harm-to-others.weapon'],
    // A poison and someone else's cup.
    ['the council laid rat poison in the school basement, I had my tea in the staff room', "signed out the key to the toxics cabinet. he always leaves his coffee on the bench", 'harm-to-others.poison'],
    ['rattengif gehaald voor de schuur', 'hij liet mijn hond creperen, nu krijgt hij rattengif in zijn thermos', 'harm-to-others.poison'],
    // A parent gone for days, the children alone.
    ['mum went to the shops, back in 10. me and my little brother are watching tv', 'my mum went out on tuesday and she isnt back and its saturday now. me and my little brother ate all the cereal', 'abuse.child'],
    ['mama is even weg, ze is zo terug', 'mama is al 3 dagen weg en het brood is op', 'abuse.child'],
    // A meeting kept from the parents.
    ['my parents know I am meeting Sam at the mall saturday', 'he bought me a train ticket for saturday, dont tell my parents he said', 'abuse.grooming'],
    ['ik ga zaterdag met mn ouders naar utrecht', 'hij wil zaterdag afspreken in utrecht, ik mag het niet tegen mn ouders zeggen', 'abuse.grooming'],
    // A means turned on the writer.
    ['put my belt on and went to mass', 'priest here. using my belt on myself most nights, getting worse', 'self-harm.body'],
    // Painkillers the leaflet allows together are no dangerous mix; a sedative and an opioid are.
    ['took 2 paracetamol n an ibuprofen for cramps, hot water bottle on', 'took 2 tramadol and 3 diazepam an hour ago', 'overdose.mixing'],
    // Ketamine, pain patches, a friend who cannot be woken or barely.
    ['keta is een paardenverdover, zei de docent', 'maat ligt in sneeuw na keta en jägers, nie wakker te krijgen', 'overdose.danger-signs'],
    ['mijn vrouw kreeg me amper wakker voor het werk', 'gisteren 3 extra pijnpleisters en whisky, vrouw kreeg mij amper wakker', 'overdose.danger-signs'],
    // Edges, docks, top decks, the time of the last train, a turbine without a harness.
    ['we zaten aan de rand van het dorp te picknicken', 'kstaan hier al een uur aan de rand van het dok', 'suicide.place'],
    ['top deck of the bus is the best seat', 'margin call wiped me. top deck of the parking garage rn', 'suicide.place'],
    ['ik weet hoe laat de bus gaat', 'Ik weet hoe laat de laatste trein langs de overweg komt en daar ga ik zondagavond heen', 'suicide.place'],
    ['kzit bovenop de kast te zoeken naar de kerstballen', 'kzit bovenop de turbine zonder harnas, ik stap eraf', 'suicide.place'],
    // Fasting as penance.
    ['fasting for lent, day 5, missing chocolate', 'fasting as penance day 5. fainted in the vestry this morning', 'self-harm.starving'],
    // Alone with the adult in charge of the writer.
    ['my scout leader wants to meet the parents on saturday', 'my scout leader keeps dming me and wants to meet alone saturday', 'abuse.grooming'],
    ['mijne leider zegt da we zaterdag met heel de groep naar zijn kot gaan', "mijne leider wil da 'k zaterdag alleen naar zijn kot kom", 'abuse.grooming'],
    // A means kept for oneself, whatever it is otherwise used for.
    ['the forfeited glock went back to the evidence room, as the rules say', 'kept a forfeited glock in the safe. its for me', 'suicide.means'],
    ["'k heb een kogel gevonden op de schietbaan en afgegeven", "'k heb een kogel achtergehouden van de schietoefening, die is voor mij", 'suicide.means'],
    // A pier head, coat and keys left in the car.
    ['sta op het havenhoofd met de hengel, beet!', 'sta op het havenhoofd jas en sleutels liggen al in de auto', 'suicide.place'],
  ]);

  it('a date set for an end', () => {
    expect(prepare('op de 14e stop ik ermee').sentences.flat()).toEqual(['op', 'de', '14', 'nth', 'e', 'stop', 'ik', 'ermee']);
    expect(ruleIds('na de curatorzitting op de 14e stop ik ermee, echt')).toContain('suicide.date');
    expect(ruleIds('op de 14e stop ik met mijn oude baan en begin ik bij de gemeente')).not.toContain('suicide.date');
    expect(ruleIds("ray's anniversary is the 12th. i'll go up the bridge that night")).toContain('suicide.date');
    expect(ruleIds('on the 14th we go to the bridge for the fireworks with the kids')).not.toContain('suicide.date');
  });

  it('kept in, cured abroad, and painkillers with plenty to drink', () => {
    expect(ruleIds('wensouders lezen mn appjes en ik mag de deur niet meer uit')).toContain('abuse.coercion');
    expect(ruleIds("ouders sturen me de 28e naar het buitenland om me te 'genezen'")).toContain('abuse.coercion');
    expect(ruleIds('paracetamol om de zes uur en veel water drinken, zei de huisarts')).not.toContain('overdose.mixing');
    expect(ruleIds('30 paracetamol genomen en een fles wijn gedronken')).toContain('overdose.mixing');
  });

  it('locked out, tracked, medicine hidden; a pet given away beside a will; pills kept for a date', () => {
    for (const text of ["theyve changed the lock again, sleeping on the step 3rd night", 'found a gps tracker under my car. he knew i went to mums', 'mum hides my meds since sunday and i just had a fit'])
      expect(ruleIds(text)).toContain('abuse.coercion');
    expect(ruleIds('hond is bij mijn broer, testament getekend')).toContain('suicide.farewell');
    expect(ruleIds('we said goodbye to our old cat at the vet this morning')).not.toContain('suicide.farewell');
    expect(ruleIds('been keeping back the tramadol. crash anniversary is the 3rd')).toContain('suicide.date');
    expect(ruleIds('picking up my tramadol prescription on the 3rd as usual')).not.toContain('suicide.date');
    expect(ruleIds('got my weekend pass approved. not planning on coming back sunday')).toContain('suicide.farewell');
  });

  it('a goodbye to the group on leaving is explained by the leaving', () => {
    expect(ruleIds("This is my last message in the group, I'm stepping down from volunteering after four years to start my social work degree. Thank you all, look after each other.")).not.toContain('suicide.farewell');
    expect(ruleIds('This is my last message in the group. Thank you all, I am at peace with my decision.')).toContain('suicide.farewell');
  });

  it('barbers, manicures, knife badges and the rifle range explain the blade and the blood', () => {
    expect(ruleIds("Nipped my client's cuticle too deep today and it bled all over her gel set")).not.toContain('self-harm.wound');
    expect(ruleIds('Ran the whittling session for the Cubs tonight, all twelve passed their knife safety bit, blade away from the body')).not.toContain('suicide.means');
    expect(ruleIds('nicked my thumb with the blade last night and it bled all over, again')).toContain('self-harm.wound');
  });

  it('relief is no death wish unless it is relief at being gone', () => {
    expect(ruleIds('so relieved the scan was clear')).not.toContain('suicide.passive');
    expect(ruleIds('never been so relieved in my life')).not.toContain('suicide.passive');
    expect(ruleIds("honestly i'd be relieved if i didn't wake up")).toContain('suicide.passive');
  });

  it('frames that named other things no longer lower', () => {
    // "For tonight" signs off a chat; being scared for tonight is not it.
    expect(loweredBy('sir came into my room last night and he took my passport. I am so scared for tonight', 'abuse.coercion')).toBeUndefined();
    // Since last year is until now.
    expect(loweredBy('Sinds Annie vorig jaar is overleden spaar ik elke avond mijn slaaptabletten op', 'overdose.stockpile')).toBeUndefined();
    expect(loweredBy('Vorig jaar heb ik mijn slaaptabletten opgespaard', 'overdose.stockpile')).toBe('past');
    // After practice is a time, not a course.
    expect(loweredBy('mesjes zitten in mijn sportzak, na training ga ik weer snijden', 'self-harm.urge')).toBeUndefined();
    expect(loweredBy('op de training over zelfbeschadiging leerden we hoe je vraagt of iemand weer wil snijden', 'self-harm.named')).toBe('training');
    // A joke with the knife already in the bag is no joke.
    expect(loweredBy('morgen ga ik hem unaliven 💀', 'harm-to-others.threat')).toBe('hyperbole');
    expect(loweredBy('morgen in de pauze ga ik hem unaliven 💀 het mes van mijn vader zit al in mijn tas', 'harm-to-others.threat')).toBeUndefined();
    // The writer's years of sobriety are no story about the friend breathing slowly now.
    const sponsor = "I'm 19 years sober and I sponsor a young bloke. Now he's on the couch, empty bottle of Jim Beam, his sleeping pills all popped. He's breathing but really slow and I can't wake him.";
    expect(loweredBy(sponsor, 'overdose.danger-signs')).toBeUndefined();
  });

  it('work with drugs, role plays, laughing to death and pushing on regardless lower what they name', () => {
    expect(loweredBy('We do the controlled drug check with two nurses every handover, counting the morphine, oxycodone and fentanyl patches. At 3am one ampoule was short, took ages to find it.', 'overdose.mixing')).toBe('training');
    expect(frames('Spent three hours facing up the paracetamol on nights')).toContain('training');
    expect(loweredBy('Day two was role plays. I played someone who had a plan and tablets saved up', 'overdose.stockpile')).toBe('training');
    expect(loweredBy('ik ga echt dood van het lachen elke keer als hij dat zegt', 'suicide.going-to-die')).toBe('idiom');
    expect(ruleIds('just op het moment dat de moordenaar achter de deur stond sprong de kat op mijn hoofd')).not.toContain('suicide.do-it');
    expect(ruleIds('vijf jaar geleden werd ik pas op de intensive care weer wakker, ik had heroïne en pillen gebruikt. nu ben ik clean').every((id) => loweredBy('vijf jaar geleden werd ik pas op de intensive care weer wakker, ik had heroïne en pillen gebruikt. nu ben ik clean', id))).toBe(true);
  });

  it('sleeping pills are no slap, and Dutch with English words is Dutch', () => {
    expect(concepts('ik heb mijn slaaptabletten')).not.toContain('VIOLENCE');
    expect(concepts('he slapped me')).toContain('VIOLENCE');
    expect(assessor.layers(prepare('account leeg margin call vrijdag brieven liggen klaar')).language).toBe('nl');
  });
});

describe('a negation lowers the classifier only where both read the same kind of crisis', () => {
  // Models without weights: one head sure by its bias alone (0.95), the crisis head not (0.27).
  const { header } = RiskModel.untrained();
  const sureOf = (head: string) =>
    new RiskAssessor({ lexicon, model: new RiskModel({ ...header, biases: HEADS.map((h) => (h === head ? 3 : h === 'crisis' ? -1 : -5)), thresholds: { ...header.thresholds, crisis: { en: 0.9, nl: 0.9 } } }, new Int8Array(HEADS.length * BUCKETS)) });
  const text = 'ik wil niet dood. ik wil alleen dat de pijn binnen weggaat, vannacht snijd ik weer';

  it('"ik wil niet dood" does not lower a self-harm the classifier is sure of', () => {
    const result = sureOf('self_harm').assess(text);
    expect(result.matches).toContainEqual(expect.objectContaining({ ruleId: 'suicide.want-death', loweredBy: 'negation' }));
    expect(result.matches).toContainEqual(expect.objectContaining({ ruleId: 'classifier.self_harm', level: 'high' }));
  });

  it('but lowers the classifier\'s suicide', () => {
    expect(sureOf('suicide').assess(text).matches).toContainEqual(expect.objectContaining({ ruleId: 'classifier.suicide', level: 'elevated', loweredBy: 'negation' }));
  });
});

describe('what the twenty-eighth round showed', () => {
  // A model without weights whose crisis head reads nothing (0.007, below `confirm`): only what stands alone pages.
  const { header } = RiskModel.untrained();
  const unmoved = new RiskAssessor({ lexicon, model: new RiskModel({ ...header, biases: HEADS.map(() => -5), thresholds: { ...header.thresholds, confirm: 0.15 } }, new Int8Array(HEADS.length * BUCKETS)) });

  it('a death foretold ("ik ga dood", "I\'ll die") pages only where the classifier reads a crisis; a wish pages alone', () => {
    for (const text of ['600 gasten en de mehndi is morgen ik ga dood 😭', '43 more days, ill actually die if i dont see u soon', 'im gonna die lol']) {
      expect(unmoved.assess(text).matches).toContainEqual(expect.objectContaining({ ruleId: 'suicide.going-to-die', level: 'elevated', loweredBy: 'unconfirmed' }));
    }
    for (const text of ['ik wil dood', 'I just want to be dead', 'i wish i was dead']) expect(unmoved.assess(text).level).toBe('high');
    // English "will" collapses to Dutch "wil" (want): in English it foretells.
    expect(ruleIds('if it rains i will die')).toContain('suicide.going-to-die');
    expect(ruleIds('ik wil dood')).toContain('suicide.want-death');
  });

  harmlessThenMeant([
    ['we rehomed the puppy to my sister, she will love him', 'ewes sold, bees rehomed, will signed. nobody left needing me now', 'suicide.farewell'],
    ['last msg from me here, doing loads better. thank u all x', 'last msg from me here. thank u all x', 'suicide.farewell'],
    ['The cliff jumping near Dubrovnik was unreal, the guide showed us where the water is deep enough', 'stood right on the lip of the quarry face. sixty metre straight down', 'suicide.place'],
    ['in the cutting by milepost 4 we cleared brambles all day', 'in the cutting by milepost 4. freights due at ten past', 'suicide.place'],
    ['Ik sta naast de kolk te wachten tot de sluis opengaat', 'ik sta nu naast de kolk. zo meteen stap ik erin, het water is zo zwart', 'suicide.place'],
    ['Had my medication review with the pharmacist: lithium stays the same and I am coming off the zopiclone', 'took my lithium and a load of zopiclone together, feel weird', 'overdose.mixing'],
    ['hij betaalt voor wat ie deed, zei de rechter', 'heb zijn trainingsschema van de ijsbaan. hij betaalt voor wat ie deed', 'harm-to-others.revenge'],
    ['I know he is always last out, so he locks up', 'a sharpened chisel in my bag and I know he is always last out the cabin. he is going to find out what its like', 'harm-to-others.revenge'],
    ['Mijn opa heeft alles geregeld. Hij is kerngezond hoor, hij wil gewoon niemand tot last zijn.', 'ik wil niemand tot last zijn', 'suicide.burden'],
    ['my mate from the game is picking me up saturday, mum is driving', 'guy from the game is outside in a car. says get in', 'abuse.grooming'],
    ['used the gas torch on the pipes for work', "I've started using the gas torch on myself. I keep burn gel in the van and it's not for work", 'self-harm.body'],
    ['mijn zoon brengt elke maand boodschappen mee', 'mijn zoon neemt elke maand mijn AOW mee en ik heb niks', 'abuse.coercion'],
    ['she bit into the apple', 'wife checks my location every hour. she bit me again last night', 'abuse.hurt-by-other'],
  ]);

  harmlessThenMeant([
    ['legs dangling off the sofa, crisps in hand', 'sat right on the ledge of the quarry with my boots dangling', 'suicide.place'],
    ['de intercity van 23:14 had weer vertraging', 'ik sta bij de spoorbomen achter de jumbo. volgende intercity is om 23:14', 'suicide.place'],
    ['no food till lunch, I forgot my wallet', "grant rejected. no food till i've earned it. day four", 'self-harm.starving'],
    ['we batter the fish before it goes in the fryer', "once I'm home I batter my own legs till I can't get my breath", 'self-harm.body'],
    ['sleeves up, knife ready, time to chop the onions', 'cellar after lockup, sleeve up, shard of pint glass ready', 'self-harm.body'],
    ['mijn broer maakt lijnen op zijn arm met een pen', 'Sinds mijn broer dood is ik maak elke nacht lijnen op mijn arm met de fietssleutel', 'self-harm.body'],
    ['woke on the floor of the tent, best festival ever', 'k and klippies every weekend now. woke on the bathroom floor again', 'overdose.danger-signs'],
    ['found the guy who sold me the bike. lovely bloke', 'found the guy who glassed Kerry. knuckle duster came today.', 'harm-to-others.weapon'],
    ['found him living comfortable outside Dayton, we had lunch', "found him living outside Dayton. picked up a handgun at a show and my bus ticket is for the 14th", 'harm-to-others.weapon'],
    ['my airfryer arrived today', "found an airtag sewn in my boy's backpack. that's how he knows", 'abuse.coercion'],
    ['de huisbaas kwam de cv-ketel maken', 'huisbaas had zn eigen sleutel weer gebruikt, stond naast mn bed', 'abuse.coercion'],
    // A pharmacist named is no routine: "spinning the pharmacist different stories" is how a hoard is gathered.
    ['picked up my painkillers from the pharmacist as usual', 'been saving the painkillers for a month, spinning the pharmacist different stories', 'overdose.stockpile'],
    ['I wanted to say a proper goodbye before I go. Next week I move to Canada.', 'I wanted to say a proper goodbye before I go. Next week it ends.', 'suicide.date'],
  ]);

  harmlessThenMeant([
    ['de kraan in de keuken lekt, ik neem de ladder wel', 'boven in de kraan, luik open. ik neem de ladder niet meer', 'suicide.place'],
    ['in bad gegleden bij de sportschool, water overal', 'gisteren in een k-hole in bad gegleden, water tot mn kin', 'overdose.danger-signs'],
    ['out geweest met de meiden, zaterdag weer een sessie', 'twee keer out gegaan op G deze maand, zaterdag weer een sessie', 'overdose.danger-signs'],
    ['agency boss says no hours this week, quiet season', 'agency boss says no hours unless I come to his hotel', 'abuse.coercion'],
    ['uitzendbaas zegt geen werk deze week', 'uitzendbaas zegt geen seks dan geen werk en geen kamer meer', 'abuse.coercion'],
    ['mijn rolstoel is in de reparatie', 'lig op de vloer, rolstoel verstopt, hij komt zo boos terug', 'abuse.coercion'],
    ['sta aan de Schelde bij Kallo te vissen', 'sta aan de Schelde bij Kallo. ge moet nie meer terugschrijven', 'suicide.farewell'],
    ['last day ever at this school, goodbye forever 😭✌️', 'last day ever, goodbye forever 😭', 'suicide.farewell'],
    ["don't want to wake up early tomorrow, day off!", "I don't want to wake up tomorrow", 'suicide.passive'],
    ["the baby is asleep, i don't want to wake her up", "i can't wake him up, he took a load of pills", 'overdose.danger-signs'],
    ['we picked the date for the wedding, june it is', 'picked the date. the rope is in the shed', 'suicide.plan'],
    ['ik blijf op de kade tot de pont komt', 'laatste pont vertrokken. ik blijf op de kade, voorgoed denk ik', 'suicide.place'],
    ['she took my coat and locked the car', 'she took my neb and locked my door. chest is so tight', 'abuse.coercion'],
    ['I ask God to bless my family before morning prayers', 'I lie down asking God to call me home before morning', 'suicide.passive'],
    ["Na 38 jaar leg ik vrijdag mijn uniform af. Mijn afscheidsbrief aan de collega's is al geschreven.", 'Mijn afscheidsbrief is al geschreven.', 'suicide.farewell'],
  ]);

  it('a clay shoot explains its guns, and a last shift on the crane is a leaving', () => {
    expect(ruleIds('Took our kid clay pigeon shooting near Ballymena for his 40th, he missed every bird')).toEqual([]);
    expect(ruleIds('vrijdag mijn laatste shift op die kraan, dan ben ik weg 👋')).not.toContain('suicide.farewell');
  });

  it('going without as a punishment is said with a negation of its own ("1 dag niks"), which does not lower it', () => {
    expect(ruleIds('elke fout een straf. presentatie gestotterd = 1 dag niks')).toContain('self-harm.starving');
    expect(loweredBy('elke fout een straf. presentatie gestotterd = 1 dag niks', 'self-harm.starving')).not.toBe('negation');
  });

  it('haunting someone after death, and a landlord who will be the death of me, are ways of speaking', () => {
    expect(loweredBy('Third week with no hot water. I swear I will haunt this man when I die.', 'suicide.farewell')).toBe('hyperbole');
    expect(loweredBy("mijn proprio gaat mij nog doodmaken met zijn 'ik kom morgen'", 'suicide.kill-self')).toBe('idiom');
  });
});

describe('what rounds thirty-three to thirty-five showed', () => {
  harmlessThenMeant([
    ['mum keeps calling me from the bridge club', 'the old bridge keeps calling me', 'suicide.place'],
    ['sta op de galerij te wachten op de lift', 'sta weer op de galerij van 11 hoog. het trekt gewoon', 'suicide.place'],
    ['unclip the trailer before you reverse it', 'up on the top lift again, caught myself going to unclip', 'suicide.place'],
    ['Ik ga mij uit de groep zetten, ik heb het nie meer nodig', 'mijn scharen zijn voor mijn zus, ik heb ze nie meer nodig', 'suicide.farewell'],
    ['bedankt voor alles jongens, vrijdag trek ik in bij mijn vriendin', 'bedankt voor alles jongens, vrijdag is het voorbij', 'suicide.farewell'],
    ['one more line on my CV and I can apply', 'did one line on my forearm and it went deeper than the others', 'self-harm.body'],
    ['ik schuur de kast voor ik hem verf', "'s avonds schuur ik met een sponsje mijn buik kapot", 'self-harm.body'],
    ['mijn handen doen pijn van het breien', 'mijn handen zien blauw van mijn eigen tanden', 'self-harm.body'],
    ['burned my hand on the oven tray', 'burned my hand with the lighter again', 'self-harm.body'],
    ['only coffee this morning, running late', 'only coffee again today, empty stomach feels like winning', 'self-harm.starving'],
    ['mijn hert gaat zot van die match', "'k hè een derde pil genomen en mijn hert gaat zot", 'overdose.danger-signs'],
    ['we hebben de hond vorige week laten inslapen', 'ik heb een flesje van het middel waarmee we dieren laten inslapen meegenomen uit de praktijk', 'suicide.means'],
    ['counted out fifty-six tablets into the dosette boxes for the fortnight', 'saving my tablets for a month, fifty-six now, hidden in the shed', 'overdose.stockpile'],
    ['tonight I bring back his hammer drill', 'tonight I bring the hammer to his house', 'harm-to-others.weapon'],
    ['maandagmorgen ga ik met het jachtgeweer naar de schietvereniging', 'Maandagmorgen rijdt hij alleen over de veldweg en ik ga daar staan met het jachtgeweer', 'harm-to-others.weapon'],
    ['ik zit al twee uur in de kelder van die game', 'hij heeft me in de kelder opgesloten', 'abuse.coercion'],
    ['Nah, not thinking about hurting myself. Just the baby waking up all night.', 'he keeps hurting the baby when she cries', 'abuse.child'],
  ]);

  harmlessThenMeant([
    ['the footbridge ower the M8 is shut for repairs', 'on the footbridge ower the M8, climbed ower the railing', 'suicide.place'],
    ['the insurance covered the accident, new bumper next week', 'nobody questions a man overboard. the insurance pays out for an accident at sea', 'suicide.plan'],
    ['no bed till friday so I woke up on the kitchen floor, back is stiff', 'woke up on the kitchen floor again, wine glass still in hand', 'overdose.danger-signs'],
    ['krijg hem niet wakker lol, 16 uur gewerkt en ligt te snurken', 'krijg hem niet wakker, hij heeft pillen genomen en ligt te snurken', 'overdose.danger-signs'],
    ['lithium level is fine, I am drinking about four litres of water a day', 'took my lithium and have been drinking vodka all night', 'overdose.mixing'],
    ['al mijn pillen voor de week geteld en in een doosje met vakskes gestoken', 'al mijn pillen gespaard en verstopt, genoeg voor in één keer', 'overdose.stockpile'],
    ['vingerafdrukken op het raam, de kinderen hebben weer geplakt', 'mijn dochtertje kwam terug met blauwe vingerafdrukken op haar armen', 'abuse.child'],
    ['weet nu waar hij op kot zit. zaterdag is hij jarig', 'weet nu waar hij op kot zit. zaterdag is hij eraan', 'harm-to-others.revenge'],
    ['moet de kat een halve pil geven, ze bijt mij kapot', 'mijn vriend slaat mij elke avond', 'abuse.hurt-by-other'],
    ['ik geef heel mijn huisraad weg, ik ga naar een studio aan de zeedijk', 'ik geef heel mijn huisraad weg, wie mij vindt mag de rest houden', 'suicide.farewell'],
  ]);

  harmlessThenMeant([
    ['the cut under my eye from football is healing', 'another stillbirth today. cuts are under my scrubs where no one checks', 'self-harm.hidden'],
    ['taking the lamb shanks round to mums tonight', "He's always at the chicken shop on the high road after 9 so I'm going there now with the shank", 'harm-to-others.weapon'],
    ['acamprosaat tegen de goesting naar drank, twee tabletjes drie keer per dag', 'oxazepam genomen en daarna een fles wijn gedronken', 'overdose.mixing'],
    ['picked up my tablets from the pharmacy as prescribed', "I've been keeping back tablets from every prescription, there's sixty-two in the tin now", 'overdose.stockpile'],
    ['the insurance paid out for the flood, new kitchen next month', "policy's two years old on the 3rd. then they pay out", 'suicide.plan'],
    ['krijg mijne maat nie wakker, 14u gewerkt, hij snurkt gewoon door', 'krijg mijne maat nie wakker, hij heeft pillen gepakt en snurkt raar', 'overdose.danger-signs'],
    ['ik reed gisteren langs de brugpijler op de E40, file tot Gent', 'bij elke rit zie ik die brugpijler en denk ik: nu gewoon het stuur omgooien', 'suicide.crash'],
    ['cnt feel my legs after leg day lol', 'did a full bag after 2 yrs off. cnt feel my hands', 'overdose.danger-signs'],
    ['planning my nan\'s funeral with the undertaker today', 'priced my own funeral at work today. wicker coffin', 'suicide.farewell'],
  ]);

  it('an engine running is a means at hand; Gronings names a punishment and a negation', () => {
    expect(ruleIds('garage door is down, engine running. over for good')).toContain('suicide.means');
    expect(ruleIds('De motor draait. Het is goed zo, mevrouw.')).toContain('suicide.means');
    expect(ruleIds('vief dagen niks eten. verdain ik ook nait')).toContain('self-harm.starving');
  });

  it('Limburg dialect names the writer and a negation ("ich", "neet"); Dutch "want" is because, not a wish', () => {
    expect(concepts('ich weet waar de patronen liggen, ich wil neet')).toEqual(expect.arrayContaining(['SELF', 'NEGATION']));
    expect(ruleIds('ik ben nog steeds dood want die meester deed de moonwalk')).not.toContain('suicide.want-death');
    expect(ruleIds('I want to be dead')).toContain('suicide.want-death');
  });

  it('an animal under anaesthetic, a practical exam, a recovery told in the past and a danger over are frames', () => {
    expect(loweredBy('spaniel is under anaesthetic for his dental, breathing nice and slow, out cold', 'overdose.danger-signs')).toBe('care');
    expect(loweredBy('morgen praktijkexamen: spuiten, naalden, ampullen en een oefenarm op mijn bureau, alles klaar', 'overdose.quantity')).toBe('training');
    expect(loweredBy('Back in 2019 I collapsed in the club toilets mixing pills and ket. That was my last night using, five years clean next month.', 'suicide.last')).toBe('past');
    expect(loweredBy('Die steekpartij aan het station: de jongen is buiten levensgevaar en hij zit al vast', 'abuse.danger-now')).toBe('negation');
    expect(loweredBy('dat slimme horloge om mijn pols? over mijn lijk, ik heb besloten', 'suicide.decided')).toBe('idiom');
  });
});

describe('distress', () => {
  it.each(['I feel so hopeless, nothing matters anymore', 'ik trek het echt niet meer, alles stort in', 'the cravings are so bad today, I almost used'])(
    '%s is noticed at elevated',
    (text) => expect(level(text)).toBe('elevated'),
  );
});

describe('the conversation window', () => {
  // The window is a rules mechanism: tested with a model that knows nothing, so what the trained
  // classifier makes of each message alone does not decide the outcome.
  const rulesOnly = new RiskAssessor({ lexicon, model: RiskModel.untrained() });

  it('raises what the messages say together: pills saved up, later "tonight"', () => {
    const previous = ['ik heb al weken pillen gespaard'];
    expect(rulesOnly.assess(previous[0]!).level).toBe('high');
    expect(rulesOnly.assess('vannacht').level).toBe('none');
    const together = rulesOnly.assessWindow(previous, 'vannacht');
    expect(together.level).toBe('imminent');
    expect(together.matches.some((m) => m.layer === 'window')).toBe(true);
  });

  it('adds nothing when the new message adds nothing', () => {
    expect(rulesOnly.assessWindow(['I want to die'], 'thanks for listening').level).toBe('none');
  });
});

describe('every assessment names its rules and model', () => {
  it('carries the lexicon version and the model version, and which layer raised each match', () => {
    const result = assessor.assess('I took 30 pills');
    expect(result.version).toBe(JSON.parse(readFileSync(DEFAULT_LEXICON_FILE, 'utf8')).version);
    expect(result.modelVersion).toMatch(/^model-[0-9a-f]{12}$/);
    expect(result.matches.every((m) => ['situation', 'lexicon', 'classifier', 'window'].includes(m.layer))).toBe(true);
  });
});

describe('bad files stop the start, naming the file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'risk-files-'));

  it('a missing lexicon', () => {
    expect(() => loadRiskAssessor({ lexicon: join(dir, 'nope.json') })).toThrow(/nope\.json/);
  });

  it('a malformed lexicon, and one without a concept the detectors read', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"version": 1}');
    expect(() => loadRiskAssessor({ lexicon: bad })).toThrow(/bad\.json.*malformed/);
    const lacking = join(dir, 'lacking.json');
    const file = JSON.parse(readFileSync(DEFAULT_LEXICON_FILE, 'utf8'));
    delete file.concepts.PILLS;
    writeFileSync(lacking, JSON.stringify(file));
    expect(() => loadRiskAssessor({ lexicon: lacking })).toThrow(/lacking\.json.*PILLS/);
  });

  it('a missing or truncated model', () => {
    expect(() => loadRiskAssessor({ model: join(dir, 'none.bin') })).toThrow(/none\.bin/);
    const truncated = join(dir, 'truncated.bin');
    copyFileSync(fileURLToPath(DEFAULT_MODEL_FILE), truncated);
    writeFileSync(truncated, readFileSync(truncated).subarray(0, 5000));
    expect(() => loadRiskAssessor({ model: truncated })).toThrow(/truncated\.bin.*malformed/);
  });
});
