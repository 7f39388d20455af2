/** Detectors of harm to others and of abuse: threats, being hurt, coercion, children in danger. */
import { find, type Detector } from './finding.js';
import type { Signals } from './signals.js';
import { collapse } from './text.js';

/** I will kill him, ik ga hem vermoorden, I'm going to stab my ex. */
const SUBJECT_I = new Set(['i', 'ik', 'k', 'im', 'il', 'id', 'ima', 'imma', 'gona', 'wana']);

export const threatOthers: Detector = (s) => {
  const intent = s.ordered('WANT', 'KILL', 5) ?? s.ordered('WANT', 'VIOLENCE', 5) ?? s.ordered('SELF', 'KILL', 4);
  if (!intent || s.near(intent, 'REFLEXIVE', 6)) return undefined;
  // The writer as the one who would do it ("I'm going to…", "ik ga…"), not "my mum's going to kill me".
  // Chat drops the subject: "gonna hurt that gp at six" opens its sentence with the intent.
  const opens = s.placeAt(intent.at - 1).sentence !== intent.sentence || intent.at === 0;
  const byMe = opens || [1, 2, 3, 4].some((k) => SUBJECT_I.has(s.token(intent.at - k) ?? '')) || SUBJECT_I.has(s.token(intent.at) ?? '') || [1, 2].some((k) => SUBJECT_I.has(s.token(intent.at + k) ?? ''));
  const onMe = s.positions('KILL').concat(s.positions('VIOLENCE')).some((p) => ['me', 'mij'].includes(s.token(p + 1) ?? '') || ['me', 'mij'].includes(s.token(p - 1) ?? ''));
  if (!byMe || onMe) return undefined;
  if (!s.near(intent, 'OTHER', 7) && !s.near(intent, 'CHILD', 7)) return undefined;
  const armed = s.has('MEANS') || s.has('WEAPON_USE');
  return find('harm_to_others', 'harm-to-others.threat', armed ? 'imminent' : 'high', intent);
};

// Tokens arrive collapsed: "knuppel" is "knupel", "schroevendraaier" is "schroevendraier".
const WEAPON = /^(?:knife|knives|gun|handgun|glock|knuckle|knuckleduster|revolver|pistol|rifle|shotgun|firearm|bat|machete|sword|crowbar|hamer|screwdriver|mes|mesen|gewer|jachtgewer|vuurwapen|wapen|knupel|honkbalknupel|koevoet|zward|schroevendraier|emoknife|emogun|weapon|blade|boksbeugel|matrak|taser|stileto|keukenmes|zakmes|vlindermes|broodmes|springmes|jachtmes|switchblade|golf|golfclub|tyre|tire|iron|bandenlichter|jerycan|petrol|benzine|bijl|axe|hatchet|kruisbog|crosbow|koksmes|uitbenmes|shank|shanks|skeng|skengs|bora)$/;
// Collapsed: "voor" is "vor".
const AT_DOOR = new Set(['outside', 'buiten', 'at', 'bij', 'voor', 'near', 'aan'].map(collapse));
const THEIR = new Set(['his', 'her', 'their', 'zijn', 'haar', 'hun', 'zn', 'dr'].map(collapse));
const FOR = new Set(['for', 'voor', 'tegen', 'against'].map(collapse));
// "mee" arrives collapsed, as "me".
const CARRY = /^(?:cary|carying|caries|drag|dragt|kep|keping|bij|on|with|met|me|w|wiv|wit|wif|nem|taking|takin|bring|bringing|hand|coming|comes)$/;
// A time set (now, tonight, a day) and a journey: collapsed, as tokens arrive ("tomorrow" is "tomorow", "neem" is "nem").
const WHEN = /^(?:now|nu|rn|today|vandag|tonight|tonite|tomorow|tmrw|tmr|morgen|vanavond|vanacht|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues|weds|thurs|fri|sat|sun|(?:mandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)(?:morgen|ochtend|middag|avond|nacht)?)$/;
const SET_OFF = /^(?:visiting|visit|driving|drive|heading|taking|bringing|bring|rij|rijd|rijden|nem|nemen|breng|going|goin|gona|round|langs|wait|waiting|wacht|ga|gaan|goa|goan)$/;

// Where someone lives or can be found: "where he lives", "waar ze werkt", "his address", "zijn huis gevonden".
const WHERE = new Set(['where', 'waar', 'wher', 'which', 'welke'].map(collapse));
// Collapsed, as tokens arrive: "sleeps" is "sleps", "woont" is "wont".
const DWELLS = /^(?:lives|live|living|works|parks|sleps|staying|stays|hiding|uses|woont|woon|wont|werkt|parkert|slapt|verblijft|gebruikt|zit)$/;
// A home, or the hours someone keeps: "his address", "zijn trainingsschema".
const HOME = new Set(['address', 'adres', 'house', 'huis', 'flat', 'apartment', 'appartement', 'woning', 'street', 'straat', 'schedule', 'rota', 'shifts', 'rooster', 'schema', 'trainingsschema', 'werkrooster', 'dienstrooster'].map(collapse));
const FOUND = /^(?:found|find|know|knows|located|tracked|got|have|gevonden|vinden|weet|achterhaald|opgezocht|heb)$/;
const KNOW = new Set(['know', 'knows', 'weet']);
// When someone is alone: "he's always last out", "dat hij als laatste alleen naar zijn auto loopt".
const UNGUARDED = new Set(['alone', 'alleen', 'last', 'laatste'].map(collapse));

/** The writer has found out where someone lives or can be met alone: "found where the swatter lives", "ik heb zijn adres gevonden". */
function located(s: Signals): boolean {
  for (let q = 0; q < s.tokenCount(); q++) {
    const t = s.token(q) ?? '';
    const sentence = s.placeAt(q).sentence;
    const ahead = (k: number, test: (w: string) => boolean) => s.placeAt(q + k).sentence === sentence && test(s.token(q + k) ?? '');
    // "Where he lives", "waar hij woont", not "where I live" (the writer's own home, as a threat received says it).
    if (WHERE.has(t) && !SUBJECT_I.has(s.token(q + 1) ?? '') && [1, 2, 3, 4].some((k) => ahead(k, (w) => DWELLS.test(w)))) return true;
    // "His address", "zijn huis gevonden": a home of someone else, found.
    if (HOME.has(t) && THEIR.has(s.token(q - 1) ?? '') && [q - 4, q - 3, q - 2, q + 1, q + 2].some((k) => FOUND.test(s.token(k) ?? ''))) return true;
    // "I know he's always last out", "ik weet dat hij na de training alleen naar zijn auto loopt".
    if (KNOW.has(t) && [1, 2, 3].some((k) => ahead(k, (w) => THEY.has(w))) && [2, 3, 4, 5, 6, 7, 8].some((k) => ahead(k, (w) => UNGUARDED.has(w)))) return true;
    // "Found the guy who glassed Kerry", "found him living outside Dayton", "heb hem gevonden".
    if (FOUND_PAST.test(t) && [1, 2].some((k) => ahead(k, (w) => FOUND_WHOM.has(w)))) return true;
    // The hours someone keeps: "he's always at the chicken shop after 9", "elke dinsdag sluit hij als laatste af".
    if (THEY.has(t) && ahead(1, (w) => HABIT.has(w)) && [2, 3].some((k) => ahead(k, (w) => AT_A_PLACE.has(w)))) return true;
    if (HABIT.has(t) && [1, 2, 3].some((k) => ahead(k, (w) => THEY.has(w))) && [3, 4, 5, 6].some((k) => ahead(k, (w) => UNGUARDED.has(w)))) return true;
  }
  return false;
}
const THEY = new Set(['he', 'hes', 'she', 'shes', 'they', 'hij', 'ze', 'zij', 'ie']);
const HABIT = new Set(['always', 'altijd', 'every', 'elke', 'elk']);
const AT_A_PLACE = new Set(['at', 'in', 'op', 'bij', 'down', 'outside']);
const FOUND_PAST = /^(?:found|tracked|gevonden|opgespoord)$/;
const FOUND_WHOM = new Set(['him', 'her', 'them', 'guy', 'man', 'bloke', 'hem', 'haar', 'gast', 'vent']);

/** Revenge promised on someone the writer has found: "heb zijn trainingsschema. hij betaalt voor wat ie deed". */
export const revenge: Detector = (s) => {
  const at = s.first('REVENGE');
  return at && located(s) ? find('harm_to_others', 'harm-to-others.revenge', 'high', at) : undefined;
};

/**
 * A weapon kept or carried for someone: "a bat in the car for when I see him", "voor als die jongens
 * weer komen", "found where he lives. bought a crowbar". Tools (a spanner, a steering lock) count only so.
 */
export const armedFor: Detector = (s) => {
  const weapons = [...new Set([...s.positions('MEANS'), ...s.positions('MEANS_LETHAL')])].filter((m) => WEAPON.test(s.token(m) ?? '')).concat(s.positions('TOOL'));
  // Most messages name no weapon: nothing below is worth reading for them.
  if (weapons.length === 0) return undefined;
  // Sentences that stand at someone's door: "outside his house", "voor zijn deur".
  const atDoor = new Set<number>();
  for (let q = 0; q < s.tokenCount(); q++) if (AT_DOOR.has(s.token(q) ?? '') && THEIR.has(s.token(q + 1) ?? '')) atDoor.add(s.placeAt(q).sentence);
  const found = located(s);
  for (const m of weapons) {
    const place = s.placeAt(m);
    // A rifle for the foxes, a bat for the match; but "my dog is dead. got the rifle loaded for him" is aimed.
    if (s.inSentence(place.sentence, 'BENIGN_USE')) continue;
    // Where the writer has found them, a day set is enough: "found where he lives. dad's glock. saturday".
    const onADay = s.wordAround(place, (w) => WHEN.test(w), 40, 40) !== undefined;
    const held = s.inSentence(place.sentence, 'ACQUIRE') || [m - 3, m - 2, m - 1, m + 1, m + 2].some((q) => CARRY.test(s.token(q) ?? '')) || (found && onADay);
    if (!held) continue;
    // "for" and, within four words, someone: in this sentence or the next.
    const aimed = s.positions('OTHER').concat(s.positions('OTHER_ACTOR')).some((o) => {
      const sentence = s.placeAt(o).sentence;
      return (sentence === place.sentence || sentence === place.sentence + 1) && [1, 2, 3, 4].some((k) => FOR.has(s.token(o - k) ?? '') && s.placeAt(o - k).sentence === sentence);
    });
    // Or at their door, in this sentence or one either side: "outside his house with a golf club".
    const atTheirs = [place.sentence - 1, place.sentence, place.sentence + 1].some((n) => atDoor.has(n));
    // Or taken along on a set day: "visiting callum saturday with the bat", "zaterdag rij ik met de bijl naar kevin".
    const journey = onADay && s.wordAround(place, (w) => SET_OFF.test(w), 40, 40) !== undefined;
    if (aimed || atTheirs || journey || found) return find('harm_to_others', 'harm-to-others.weapon', 'high', place);
  }
  return undefined;
};

// "If I see him", "als ik die gast tegenkom": the meeting a threat waits for.
// Collapsed, as tokens arrive: "see" is "se", "meet" is "met".
const ENCOUNTER = /^(?:se|ses|met|find|catch|zie|tegenkom|tegenkomt|vind|pak|spot)$/;
const GONE_NOW = new Set(['dead', 'ded', 'dood', 'eraan', 'finished', 'gedaan', 'done'].map(collapse));

/** "Als ik die gast zie is hij eraan", "if I see him again he's dead": a death promised on meeting. */
export const conditionalThreat: Detector = (s) => {
  for (let i = 0; i < s.tokenCount(); i++) {
    if (!['if', 'als', 'as', 'wanneer', 'when', 'once', 'zodra'].includes(s.token(i) ?? '') || !['i', 'ik', 'k', 'ge'].includes(s.token(i + 1) ?? '')) continue;
    const place = s.placeAt(i);
    const meeting = [2, 3, 4, 5].some((k) => ENCOUNTER.test(s.token(i + k) ?? '') && s.placeAt(i + k).sentence === place.sentence);
    if (!meeting) continue;
    // The other one dead or done for ("is hij eraan", "hes dead"), or my violence on him, in this sentence.
    const doom = Array.from({ length: 17 }, (_, k) => i - 6 + k).some((q) => q >= 0 && GONE_NOW.has(s.token(q) ?? '') && s.placeAt(q).sentence === place.sentence && !['i', 'im', 'ik', 'ben'].includes(s.token(q - 1) ?? ''));
    const hurt = s.positions('KILL').concat(s.positions('VIOLENCE')).some((q) => s.placeAt(q).sentence === place.sentence);
    if ((doom || hurt) && s.inSentence(place.sentence, 'OTHER') && !s.near(place, 'REFLEXIVE', 10)) return find('harm_to_others', 'harm-to-others.threat', 'high', place);
  }
  return undefined;
};

// Someone else's cup or plate: "his coffee", "haar thee", "whose mug".
const OWNED_BY_OTHER = new Set(['his', 'her', 'their', 'whose', 'zijn', 'haar', 'hun', 'zn', 'dr', 'wiens', 'wier'].map(collapse));

/** A poison and someone else's drink or food: "toxics cabinet key signed out, he leaves his coffee on the bench". */
export const poisoning: Detector = (s) => {
  const poison = s.first('POISON');
  if (!poison || s.near(poison, 'REFLEXIVE', 8)) return undefined;
  const theirs = s.positions('DRINK').some((p) => OWNED_BY_OTHER.has(s.token(p - 1) ?? '') || OWNED_BY_OTHER.has(s.token(p - 2) ?? ''));
  return theirs ? find('harm_to_others', 'harm-to-others.poison', 'high', poison) : undefined;
};

/** Afraid of hurting one's own child or partner. */
export const urgeViolence: Detector = (s) => {
  const fear = s.first('FEAR');
  if (!fear) return undefined;
  const target = s.together(['FEAR', 'CHILD'], 1) ?? s.together(['FEAR', 'OTHER'], 1);
  if (target && (s.has('HURT') || s.has('VIOLENCE') || s.has('KILL')) && s.has('SELF') && !s.has('OTHER_ACTOR')) return find('harm_to_others', 'harm-to-others.urge', 'high', target);
  return undefined;
};


// Tokens arrive with runs of a letter collapsed ("been" is "ben"), so these are collapsed too.
const PASSIVE = new Set(['being', 'been', 'got', 'get', 'gets', 'was', 'were', 'getting', 'word', 'wordt', 'werd', 'ben', 'worden', 'krijg', 'kreeg', 'gekregen', 'net'].map(collapse));
const OBJECT_ME = new Set(['me', 'mij', 'my', 'mn', 'mijn', 'us', 'ons']);

/** He hits me, hij slaat me, I am being beaten, ik word geslagen. */
export const hurtByOther: Detector = (s) => {
  for (const v of s.positions('VIOLENCE')) {
    const place = s.placeAt(v);
    const before = [s.token(v - 1), s.token(v - 2), s.token(v - 3)];
    const passive = before.some((t) => t !== undefined && PASSIVE.has(t)) && (s.near(place, 'SELF', 4) || s.near(place, 'CHILD', 4));
    // Someone, then me (between them and the verb, as Dutch has it, or right after it): "hij heeft me geslagen", "he hit me".
    const actor = s.positions('OTHER_ACTOR').find((p) => p < v && v - p <= 6);
    const objectAt = (q: number) => OBJECT_ME.has(s.token(q) ?? '');
    const actorOnMe = actor !== undefined && ([v + 1, v + 2, v + 3].some(objectAt) || Array.from({ length: v - actor - 1 }, (_, k) => actor + 1 + k).some((q) => objectAt(q) && q + 1 !== actor));
    // "Moet de kat een pil geven, ze bijt mij kapot": an animal, not a person.
    if ((passive || actorOnMe) && !aGame(s, v) && !s.inSentence(place.sentence, 'PET')) return find('abuse', 'abuse.hurt-by-other', 'high', place);
  }
  return undefined;
};

/** Threatened with death or a weapon. */
export const threatened: Detector = (s) => {
  const threat = s.positions('VIOLENCE').find((p) => /^(?:threat|bedreig|dreig)/.test(s.token(p) ?? ''));
  if (threat !== undefined && (s.has('KILL') || s.has('MEANS') || s.has('SELF'))) return find('abuse', 'abuse.threatened', s.has('MEANS') || s.has('KILL') ? 'imminent' : 'high', s.placeAt(threat));
  const killMe = s.ordered('OTHER_ACTOR', 'KILL', 6);
  // "says he'll kill me", with a knife: not "my mum's going to kill me when she sees the car".
  const meant = s.has('MEANS') || s.has('DANGER_NOW') || s.positions('OTHER_ACTOR').some((p) => REPORTED.has(s.token(p + 1) ?? ''));
  if (killMe && meant && s.near(killMe, 'SELF', 8) && !s.near(killMe, 'REFLEXIVE', 8)) return find('abuse', 'abuse.threatened', 'imminent', killMe);
  return undefined;
};

// Words of saying or sending, for a threat said ("says hell kill me") or passed on; collapsed, as the words arrive ("tells" is "tels").
const REPORTED = new Set(
  ['says', 'said', 'told', 'tells', 'zegt', 'zei', 'zeiden', 'zeggen', 'stuurt', 'sturen', 'berichten', 'berichtjes', 'smsen', 'sms', 'texts', 'messages', 'dms', 'dreigt', 'dreigde', 'gedreigd', 'texted', 'appt', 'appte', 'stuurde', 'wrote', 'schreef', 'swears', 'swore', 'zweert', 'zwoer', 'screams', 'scream', 'screamed', 'schreeuwt', 'schreeuwde', 'yelled', 'warned', 'waarschuwde'].map(collapse),
);
const JOKE = new Set(['lol', 'lmao', 'haha', 'hahaha', 'emolaugh', 'xd', 'jk']);
const ME_OR_YOU = new Set(['i', 'im', 'me', 'ik', 'mij', 'je', 'jij', 'jou', 'you', 'youre', 'ur', 'u', 'ge', 'gij', 'we', 'us', 'wij', 'ons']);

/** "He says I'm dead if I don't pay", "hij zei dat ik dood ben als ik vertrek": a death threat passed on by its target. */
export const reportedThreat: Detector = (s) => {
  for (const p of [...s.positions('DIE'), ...s.positions('KILL')]) {
    const place = s.placeAt(p);
    const said = [1, 2, 3, 4, 5, 6, 7, 8].map((k) => p - k).find((q) => REPORTED.has(s.token(q) ?? '') && s.placeAt(q).sentence === place.sentence);
    if (said === undefined || s.near(place, 'REFLEXIVE', 3)) continue;
    // The one to die is me or you: "I'm dead", "you are dead", "kill me", "mij vermoordt" (not "the plant is dead").
    const aimed = [p - 2, p - 1, p + 1].some((q) => q > said && ME_OR_YOU.has(s.token(q) ?? ''));
    const someone = s.positions('OTHER_ACTOR').concat(s.positions('OTHER')).some((a) => said - a <= 4 && a < p);
    // "My mum said I'm dead if I'm late lol" is a figure of speech.
    const joking = [said - 1, p + 1, p + 2, p + 3, p + 4, p + 5, p + 6].some((q) => JOKE.has(s.token(q) ?? ''));
    if (aimed && someone && !joking) return find('abuse', 'abuse.threatened', s.has('MEANS') || s.has('DANGER_NOW') ? 'imminent' : 'high', place);
  }
  return undefined;
};

// Family the writer lives with, as the one being hurt: "hitting my sister", "slaat mijn moeder".
const FAMILY = new Set(['mum', 'mom', 'mam', 'mama', 'mommy', 'mummy', 'moeder', 'ma', 'sister', 'brother', 'zus', 'zusje', 'broer', 'broertje', 'kids', 'kinderen', 'baby', 'kindje', 'kind', 'child', 'son', 'daughter', 'zoon', 'dochter', 'grandma', 'oma', 'nan'].map(collapse));
const BEATING = /^(?:beat|beats|beating|hit|hits|hiting|punch|punching|punches|kick|kicking|kicks|choke|choking|chokes|strangl|slaat|sloeg|slaan|schopt|schopte|stompt|wurgt|mishandelt|bashing|smash|drag|sleept|sleurt)/;

const GAMES = new Set(['chess', 'cards', 'fifa', 'pool', 'tennis', 'darts', 'monopoly', 'mario', 'scrabble', 'game', 'games', 'schaken', 'dammen', 'kaarten', 'potje', 'spel', 'spelletje', 'uno', 'poker', 'fortnite', 'cod'].map(collapse));

/** "Beat my dad at chess", "versloeg mijn broer met kaarten": a game, not a blow. */
const aGame = (s: Signals, v: number) => [1, 2, 3, 4].some((k) => ['at', 'in', 'met', 'bij', 'with'].includes(s.token(v + k) ?? '') && GAMES.has(s.token(v + k + 1) ?? ''));

/** "He's beating mum downstairs", "mijn vader slaat mijn zus": someone hurting the writer's family. */
export const hurtingFamily: Detector = (s) => {
  for (const v of s.positions('VIOLENCE')) {
    if (!BEATING.test(s.token(v) ?? '')) continue;
    const victim = [v + 1, v + 2, v + 3].find((q) => FAMILY.has(s.token(q) ?? ''));
    if (victim === undefined || aGame(s, v)) continue;
    if (s.someoneBefore(v, 4)) return find('abuse', 'abuse.hurt-by-other', 'high', s.placeAt(v));
  }
  return undefined;
};

/** A child being hurt, or in danger from an adult who is drunk, high or violent. */
export const childInDanger: Detector = (s) => {
  // Hit, or covered in bruises ("nichtje van zes vol blauwe plekken", "bruises on his back again").
  // Not the writer's own harm ("not thinking about hurting myself … the baby waking up").
  const blow = s.positions('VIOLENCE').find((p) => !s.positions('REFLEXIVE').some((r) => r > p && r - p <= 2) && s.besides(s.placeAt(p), 'CHILD'));
  const hurt = blow !== undefined ? s.placeAt(blow) : s.together(['CHILD', 'BRUISE'], 1);
  // A rope thrown over a branch for the kids' swing.
  if (hurt && !s.together(['FEAR', 'SELF']) && !s.has('BENIGN_USE')) return find('abuse', 'abuse.child', 'high', hurt);
  const neglect = s.together(['CHILD', 'ALCOHOL', 'OTHER_ACTOR'], 1) ?? s.together(['CHILD', 'PILLS', 'OTHER_ACTOR'], 1) ?? s.together(['CHILD', 'UNCONSCIOUS'], 1);
  // The adult out of it, or violent: not a nurse's shift with a morphine pump and a school run after.
  const outOfIt = s.has('UNCONSCIOUS') || s.has('DANGER') || s.has('VIOLENCE') || s.has('DANGER_NOW');
  return outOfIt ? find('abuse', 'abuse.child', 'high', neglect) : undefined;
};

/** Hiding, locked in, the door being battered, phone taken: danger from someone now. */
export const dangerNow: Detector = (s) => {
  // "Scared for her", "bang om haar": worry about someone else, not danger to the writer.
  const triggers = s.positions('DANGER_NOW').filter((p) => !CONCERN.has(s.token(p + 1) ?? ''));
  const now = triggers.map((p) => s.placeAt(p)).find((place) => s.besides(place, 'OTHER_ACTOR'));
  // The fear must be more than the trigger itself ("I'm scared" is both); hiding from someone is fear enough.
  const afraid = s.positions('FEAR').some((p) => !s.positions('DANGER_NOW').includes(p)) || triggers.some((p) => /^(?:hid|verstop)/.test(s.token(p) ?? '') && ['from', 'for', 'vor'].includes(s.token(p + 1) ?? ''));
  if (now && (s.has('VIOLENCE') || s.has('MEANS') || s.has('KILL') || afraid)) return find('abuse', 'abuse.danger-now', 'imminent', now);
  return undefined;
};
const CONCERN = new Set(['for', 'om', 'voor', 'about', 'over']);

/** Locked in, phone or passport taken, not allowed out. */
export const coercion: Detector = (s) => {
  const at = s.first('COERCION');
  if (!at || !(s.has('SELF') || s.has('OTHER_ACTOR') || s.has('OTHER'))) return undefined;
  // A demand is said with a negation ("geen seks dan geen werk", "no hours unless I come to his hotel"): the finding's own.
  return find('abuse', 'abuse.coercion', s.has('NOW') || s.has('VIOLENCE') ? 'imminent' : 'high', at, s.negationOf(at, 2, 2));
};

/**
 * Sextortion: images and a demand, with a threat to spread them ("pay 300 by 11 or my pics go to
 * my mum", "om 9 uur gaat die vid naar m'n klas tenzij ik betaal"), or the writer's own images held
 * for money, the threat left unsaid ("iemand heeft m'n nudes en wil 800 euro voor vrijdag"); "tonight" or
 * "now" makes it imminent.
 */
export const sextortion: Detector = (s) => {
  const images = s.together(['IMAGES', 'DEMAND'], 1);
  if (!images) return undefined;
  const mine = s.positions('IMAGES').some((p) => MINE.has(s.token(p - 1) ?? ''));
  return s.besides(images, 'SPREAD') || mine ? find('abuse', 'abuse.sextortion', 'high', images) : undefined;
};
const MINE = new Set(['my', 'mijn', 'mn', 'me']);

/** A marriage the writer did not agree to: "they booked my flight, wedding's over there, i never said yes". */
export const forcedMarriage: Detector = (s) => {
  const at = s.together(['MARRIAGE', 'REFUSED'], 1);
  return at && s.has('SELF') ? find('abuse', 'abuse.forced-marriage', 'high', at) : undefined;
};

/** Young children left alone for hours. */
export const childAlone: Detector = (s) => {
  const alone = s.positions('ALONE').find((p) => ['uren', 'hours', 'left', 'urenlang'].includes(s.token(p) ?? ''));
  return alone !== undefined && s.has('CHILD') ? find('abuse', 'abuse.child', 'high', s.placeAt(alone)) : undefined;
};

/** A parent gone for days and the children at home: "mum went out on tuesday and isnt back, me and my little brother ate all the cereal". */
export const leftByParent: Detector = (s) => {
  const gone = s.together(['PARENT', 'PARENT_GONE'], 1);
  if (!gone) return undefined;
  const forDays = s.wordAround(gone, (w) => w === 'days' || w === 'dagen', 40, 40) !== undefined;
  return s.has('CHILD') || forDays ? find('abuse', 'abuse.child', 'high', gone) : undefined;
};

// Adults a child is entrusted to: a leader, a coach, a teacher (collapsed, as tokens arrive: "meester" is "mester").
const IN_CHARGE = /^(?:leader|leaders|coach|trainer|teacher|tutor|leider|leiding|juf|mester|docent|scoutsleider)$/;

/**
 * A meeting kept from the parents, or alone with an adult in charge: "he bought me a train ticket
 * for saturday, dont tell my parents", "my scout leader wants to meet alone saturday".
 */
export const grooming: Detector = (s) => {
  const meeting = s.first('MEET');
  if (!meeting) return undefined;
  const inCharge = s.wordAround(meeting, (w) => IN_CHARGE.test(w), 40, 40) !== undefined;
  // Kept secret, and a child's: the writer's parents or a child named, or an adult in charge of them.
  const secret = s.together(['SECRET', 'MEET'], 1);
  if (secret && (s.has('CHILD') || s.has('PARENT') || inCharge)) return find('abuse', 'abuse.grooming', 'high', secret);
  const alone = s.together(['MEET', 'ALONE'], 1);
  if (alone && inCharge) return find('abuse', 'abuse.grooming', 'high', alone);
  // Someone known only from a game or online, come to fetch the writer: "guy from the game is outside in a car. says get in".
  // Where the game is named is where they met, not what the message is about: the last word of meeting marks the place.
  return metOnline(s) && (secret || alone || s.has('DANGER_NOW') || s.has('NOW')) ? find('abuse', 'abuse.grooming', 'high', s.placeAt(s.positions('MEET').at(-1)!)) : undefined;
};
// Collapsed, as tokens arrive.
const ONLINE = /^(?:online|game|gam|roblox|discord|fortnite|minecraft|snap|snapchat|insta|instagram|tiktok|twitch|xbox|playstation)$/;
const MET_THROUGH = new Set(['from', 'van', 'via', 'met']);
const ARTICLE = new Set(['the', 'de', 'het']);

/** Someone known from a game or online: "guy from the game", "iemand van roblox", "a man I met online" (not "ordered it online"). */
function metOnline(s: Signals): boolean {
  for (let q = 0; q < s.tokenCount(); q++) {
    if (!ONLINE.test(s.token(q) ?? '')) continue;
    const before = s.token(q - 1) ?? '';
    if (MET_THROUGH.has(before) || (ARTICLE.has(before) && MET_THROUGH.has(s.token(q - 2) ?? ''))) return true;
  }
  return false;
}

/** Raped, assaulted, aangerand. */
export const sexualViolence: Detector = (s) => {
  const at = s.positions('VIOLENCE').find((p) => /^(?:rape|raped|asault|molest|verkracht|anrand|betast|misbruik)/.test(s.token(p) ?? ''));
  return at === undefined || !(s.has('SELF') || s.has('CHILD')) ? undefined : find('abuse', 'abuse.sexual', 'high', s.placeAt(at));
};
