/** Detectors of suicidal thoughts, plans, means, places and farewells. */
import { find, hoarding, type Detector } from './finding.js';
import { SOON, type Place, type Signals } from './signals.js';
import { collapse } from './text.js';

export const suicideWords: Detector = (s) => find('suicide', 'suicide.word', 'high', s.first('SUICIDE'));

/** kill myself, mezelf doden, mezelf van kant maken. */
export const killSelf: Detector = (s) => {
  // "Welgeteld twee kills", "10 kills this round": counted, a kill is a game's score.
  const counted = s.positions('KILL').some((k) => COUNT.test(s.token(k - 1) ?? ''));
  const reflexive = counted ? undefined : s.together(['KILL', 'REFLEXIVE']);
  // Dutch puts the reflexive first: "ik wil me van kant maken" (but "hij wil me vermoorden" is a threat).
  const dutch =
    s.language === 'nl' && !s.has('OTHER_ACTOR')
      ? s.places('SELF').find((p) => ['me', 'mij'].includes(s.token(p.at) ?? '') && s.near(p, 'KILL', 4) && s.positions('KILL').some((k) => k > p.at))
      : undefined;
  return find('suicide', 'suicide.kill-self', 'high', reflexive ?? dutch);
};

const COUNT = /^(?:\d+|two|three|four|five|six|ten|twe|drie|vier|vijf|zes|tien|many|vel|zovel|no|zero|nul|gen)$/;

/** A method, a date, a plan; a date picked for a wedding is none ("we picked the date for the wedding, june it is"). */
export const plan: Detector = (s) => find('suicide', 'suicide.plan', 'high', s.places('PLAN').find((p) => !(s.positions('DATE').includes(p.at) && s.inSentence(p.sentence, 'MARRIAGE'))));

/** "ik ben er straks niet meer", "dan ben ik er ni meer": being gone, soon. */
export const notThereAnymore: Detector = (s) => {
  for (const p of s.positions('NOT_ANYMORE')) {
    const before = [s.token(p - 1), s.token(p - 2), s.token(p - 3)];
    if (before.includes('er') && (before.includes('ben') || s.near(s.placeAt(p), 'SELF', 4))) return find('suicide', 'suicide.gone', 'high', s.placeAt(p));
  }
  return undefined;
};

/** "Better if I'm dead", "doing them a favour by dying". */
export const betterDead: Detector = (s) => {
  const at = s.together(['DIE', 'BETTER']) ?? s.together(['END', 'BETTER', 'DO_IT']);
  return at && s.inSentence(at.sentence, 'SELF') ? find('suicide', 'suicide.burden', 'high', at) : undefined;
};

/** "Once everyone's asleep I'm going to do it", "vannacht gaat het gebeuren". */
export const doItNow: Detector = (s) => {
  const at = s.together(['DO_IT', 'ALONE'], 1) ?? s.together(['DO_IT', 'NOW', 'FAREWELL_STRONG'], 1) ?? s.together(['DO_IT', 'NOW', 'DECIDED'], 1) ?? s.together(['DO_IT', 'LAST'], 1);
  return find('suicide', 'suicide.do-it', 'imminent', at ?? endItTonight(s));
};

/** "Tonight I end it", "vannacht maak ik er een eind aan": ending it, set for tonight, said by the writer. */
function endItTonight(s: Signals): Place | undefined {
  for (const p of s.positions('END')) {
    const place = s.placeAt(p);
    if (!['it', 'everything', 'things', 'alles', 'het'].includes(s.token(p + 1) ?? '') && !s.has('TIRED_OF_LIFE')) continue;
    if (s.upcomingIn(place.sentence) && s.inSentence(place.sentence, 'SELF') && !s.inSentence(place.sentence, 'OTHER_ACTOR')) return place;
  }
  return undefined;
}

/**
 * Ending it, with no one else it could be ended with: "been thinking abt ending it all week",
 * "ending it would be the kindest thing for her", "thats enough to end it". Said by the writer (or
 * with the subject dropped, as chat does), not "end it with him" or "let's end it here".
 */
export const endIt: Detector = (s) => {
  for (const p of s.positions('END')) {
    if (!IT.has(s.token(p + 1) ?? '') || ELSEWHERE.has(s.token(p + 2) ?? '')) continue;
    const place = s.placeAt(p);
    if (s.inSentence(place.sentence, 'OTHER_ACTOR') || s.wordAround(place, (w) => WITH.has(w), 0, 4) !== undefined) continue;
    const opens = p === 0 || s.placeAt(p - 1).sentence !== place.sentence;
    if (opens || ['SELF', 'WANT', 'ENOUGH', 'DECIDED'].some((c) => s.inSentence(place.sentence, c))) return find('suicide', 'suicide.end-it', 'high', place);
  }
  return undefined;
};
/**
 * Euthanasia refused, and the writer going to do it alone: "euthanasia refused. doing it myself then",
 * "euthanasie afgewezen. 'k doe het vannacht zelf". A request granted is care (the lexicon's frame).
 */
export const euthanasiaRefused: Detector = (s) => {
  const refused = s.together(['EUTHANASIA', 'DENIED_REQUEST'], 1);
  if (!refused) return undefined;
  const alone = s.has('DO_IT') || s.has('ALONE') || s.has('PLAN') || s.wordAround(refused, (w) => ON_MY_OWN.has(w), 0, 40) !== undefined;
  return alone ? find('suicide', 'suicide.euthanasia-refused', 'high', refused) : undefined;
};
// Collapsed, as tokens arrive.
const ON_MY_OWN = new Set(['myself', 'zelf', 'mezelf', 'own', 'alone', 'alleen'].map(collapse));

const IT = new Set(['it', 'everything', 'things', 'alles', 'het']);
// Where a talk or a game ends: "let's end it here", "end it on a high".
const ELSEWHERE = new Set(['here', 'there', 'on', 'hier', 'daar', 'op']);
const WITH = new Set(['with', 'w', 'met']);

/** want to die, wil dood, ready to die, hoop dat ik doodga. */
export const wantDeath: Detector = (s) => {
  const at = s.ordered('WANT', 'DIE', 7, (want, die) => !someoneElsesGrave(s, die) && !fearOrHabit(s, want, die));
  if (!at || subjectIsSomeoneElse(s, at)) return undefined;
  return find('suicide', foretold(s, at.at) ? 'suicide.going-to-die' : 'suicide.want-death', 'high', at);
};

/**
 * "Ik ga dood", "I'll die", "gonna die": a death foretold, not wished. It is how a plan is told, and
 * just as often how a bride, a student in exams or a fan 43 days from a concert says "I can't wait"
 * or "I can't take this", so it is not the writer's own wish that pages alone (STANDS_ALONE): the
 * classifier must read the message as a crisis too.
 */
function foretold(s: Signals, want: number): boolean {
  const word = s.token(want) ?? '';
  return FORETELLING.has(word) || (word === 'wil' && s.language === 'en');
}
// Collapsed, the first token of a WANT phrase: "gonna", "ik ga", "i'll", "imma", "on my way".
const FORETELLING = new Set(['gona', 'going', 'goin', 'guna', 'gna', 'fina', 'ima', 'il', 'i', 'im', 'ik', 'k', 'ga', 'gat', 'on']);

/**
 * "Ik ga dood" is also "I'm dying": a fear told ("dacht ik: hier ga ik dood", "your brain screams
 * you're going to die") or a habit in a game ("ik ga steeds dood bij de schildpad"), not a wish.
 */
function fearOrHabit(s: Signals, want: number, die: number): boolean {
  // The phrase may open with its subject: "ik ga".
  const going = [want, want + 1].find((q) => q < die && GOING.has(s.token(q) ?? ''));
  if (going === undefined) return false;
  // "You're going to die", "you are going to die": said to someone, or to oneself in the second person.
  if (going === want && (YOU.has(s.token(want - 1) ?? '') || (ARE.has(s.token(want - 1) ?? '') && YOU.has(s.token(want - 2) ?? '')))) return true;
  for (let q = going + 1; q < die; q++) if (HABIT.has(s.token(q) ?? '')) return true;
  return s.wordAround(s.placeAt(want), (w) => THOUGHT.has(w), 4, 0) !== undefined;
}
// Tokens arrive collapsed: "gonna" is "gona", "steeds" is "steds".
const GOING = new Set(['ga', 'gat', 'going', 'gona', 'goin']);
const YOU = new Set(['you', 'youre', 'ur', 'u', 'je', 'jij', 'ge', 'gij']);
const ARE = new Set(['are', 'r', 'bent', 'zijt']);
const HABIT = new Set(['steds', 'vak', 'telkens', 'altijd', 'always', 'constantly', 'kep']);
const THOUGHT = new Set(['dacht', 'dachten', 'thought', 'felt']);

/** "Going to his grave", "naar het graf van mijn vader": a grave visited, not the writer's own death. */
function someoneElsesGrave(s: Signals, at: number): boolean {
  if (!GRAVE.has(s.token(at) ?? '')) return false;
  const before = s.token(at - 1) ?? '';
  return OWNER.has(before) || OF.has(s.token(at + 1) ?? '') || s.positions('OTHER').includes(at - 1) || s.someoneBefore(at, 1);
}
const GRAVE = new Set(['grave', 'graf', 'graves', 'graven']);
const OWNER = new Set(['zijn', 'zn', 'their', 'your', 'ur', 'je', 'jouw', 'uw']);
const OF = new Set(['of', 'van']);

/** "She wants to die", "mijn moeder wil dood": someone else's words, reported (support, not the writer's crisis). */
function subjectIsSomeoneElse(s: Signals, place: Place): boolean {
  if (s.someoneBefore(place.at, 3)) return true;
  // "Gaat" and "wants" are said of someone else; "part of me … the other part wants to be dead" is still the writer.
  // "My 5yo wants to be a dead pirate": "my" names whose wish it is, not the writer.
  return THIRD_PERSON.has(s.token(place.at) ?? '') && !s.positions('SELF').some((p) => p < place.at && s.placeAt(p).sentence === place.sentence && !MY.has(s.token(p) ?? ''));
}
const MY = new Set(['my', 'mijn', 'mn', 'm']);
const THIRD_PERSON = new Set(['gat', 'wants', 'wilt']);

/** Someone else named within `within` words before, and the writer not after them: "hij wil gewoon niemand tot last zijn". */
function namedBeforeTheWriter(s: Signals, place: Place, within: number): boolean {
  return s.someoneBefore(place.at, within) && !s.positions('SELF').some((q) => q < place.at && place.at - q <= within);
}

/** Don't want to live, wil niet meer leven, can't go on, no longer want to be here. */
export const notLive: Detector = (s) => {
  for (const place of [s.ordered('WANT', 'NOT_ANYMORE', 4), s.ordered('NOT_ANYMORE', 'WANT', 4), s.ordered('NEGATION', 'WANT', 3)]) {
    if (!place) continue;
    // "live" followed by where or with whom is about a home, not a life.
    if (s.near(place, 'LIFE', 6) && !livesSomewhere(s, place)) return find('suicide', 'suicide.not-live', 'high', place, true);
  }
  return undefined;
};

function livesSomewhere(s: Signals, place: Place): boolean {
  for (const p of s.positions('LIFE')) {
    if (Math.abs(p - place.at) > 6) continue;
    const next = s.token(p + 1);
    if (next && ['in', 'at', 'with', 'near', 'bij', 'met', 'samen', 'op', 'thuis', 'home', 'there', 'daar', 'like'].includes(next)) return true;
  }
  return false;
}

/** end my life, een einde aan mijn leven, mijn leven beëindigen. */
export const endLife: Detector = (s) => find('suicide', 'suicide.end-life', 'high', s.together(['END', 'LIFE']) && s.together(['END', 'SELF']) ? s.together(['END', 'LIFE']) : undefined);

/** Tired of living, hoping not to wake up, euphemisms: ermee stoppen, uit het leven stappen. */
// Phrased as negations ("not wake up", "not exist"): negation does not lower it.
export const passiveWish: Detector = (s) => find('suicide', 'suicide.passive', 'high', s.places('TIRED_OF_LIFE').find((p) => !aLieIn(s, p)), true);

// Collapsed, as tokens arrive: "wakker" is "waker".
const WAKING = new Set(['wake', 'waker']);
const EARLY = new Set(['early', 'vroeg', 'at', 'om', 'before', 'voor']);

/** "I don't want to wake up early tomorrow, day off": a lie-in, not a wish never to wake. */
function aLieIn(s: Signals, place: Place): boolean {
  const waking = s.wordAround(place, (w) => WAKING.has(w), 0, 6);
  return waking !== undefined && s.wordAround(s.placeAt(waking), (w) => EARLY.has(w), 0, 3) !== undefined;
}

/** Driving into something: "binnenkort rij ik tegen een pijler", "I'll put the car into a tree on the way home". */
export const crash: Detector = (s) => {
  const at = s.first('CRASH');
  if (!at) return undefined;
  // The writer drives: "I" or "ik" before it in the sentence ("my neighbour drove into a tree" is news).
  const driver = s.wordAround(at, (w) => I_DRIVE.has(w), 10, 0);
  return driver !== undefined && !s.positions('OTHER_ACTOR').some((p) => p > driver && p < at.at) ? find('suicide', 'suicide.crash', 'high', at) : undefined;
};
const I_DRIVE = new Set(['i', 'im', 'ill', 'ive', 'id', 'ik', 'k', 'myself', 'mezelf']);

/**
 * Going to someone who died: "Six months since Margaret went … I'll be following her on our
 * anniversary", "elke dag naar het graf, er is plek genoeg naast hem". A visit to the grave can read
 * the same, so the classifier must agree (it is not among STANDS_ALONE).
 */
export const reunion: Detector = (s) => {
  const at = s.first('REUNION');
  if (!at || !(s.has('BEREAVED') || s.has('DIE'))) return undefined;
  // The writer goes, not "grandma will be with him again soon". The death it follows is told in the
  // past: only a story of recovery lowers it, not a past word.
  return s.someoneBefore(at.at, 4) ? undefined : { category: 'suicide', detector: 'suicide.reunion', level: 'high', place: at, carriesPast: true };
};

/** The voices or "my head" telling the writer to do it. */
export const voices: Detector = (s) => {
  const at = s.first('VOICES');
  return at && ['DO_IT', 'KILL', 'DIE', 'END', 'TIRED_OF_LIFE', 'JUMP', 'PLACE'].some((c) => s.has(c)) ? find('suicide', 'suicide.voices', 'high', at) : undefined;
};

/** Rehearsing it: "putting the barrel under my chin most nights, just practising", "geoefend met het touw". Not a hunter at the range. */
export const rehearsal: Detector = (s) => {
  const at = s.first('REHEARSE');
  return at && ['MEANS', 'MEANS_LETHAL', 'JUMP', 'PLACE', 'DIE', 'KILL'].some((c) => s.has(c)) && !s.hasUnnegated('BENIGN_USE') ? find('suicide', 'suicide.rehearsal', 'high', at) : undefined;
};

/** "Het staat vast", "I've decided": a decision to end, said as one. */
export const decided: Detector = (s) => {
  const at = s.together(['DECIDED', 'FINISHED'], 1) ?? s.together(['DECIDED', 'DO_IT'], 1) ?? s.together(['DECIDED', 'END'], 1);
  return at && s.has('SELF') ? find('suicide', 'suicide.decided', 'high', at) : undefined;
};

/** "Dit is mijn laatste avond", "morgenochtend vindt mijn moeder me". */
export const lastTime: Detector = (s) => find('suicide', 'suicide.last', 'high', s.first('LAST'));

/** Drinking for courage, "this time I'll do it". */
export const courage: Detector = (s) => find('suicide', 'suicide.courage', 'high', s.together(['DO_IT', 'COURAGE'], 1));

/** "Ik stop ermee. Met alles. Voorgoed." Ending, for good. */
export const forGood: Detector = (s) => {
  const at = s.together(['FOREVER', 'FINISHED'], 1);
  return at && s.has('SELF') ? find('suicide', 'suicide.for-good', 'high', at) : undefined;
};

// Stopping: "stopped", "afgezegd", "skipping", "in de container gegooid".
const STOPPING = /^(?:stop|quit|gestopt|afgezegd|cancel|skip|weggegooid|binned|refus|weiger)|^(?:niks|nothing|havent|hasnt|not|niet|nie)$/;
// What the stopping is for: letting go, ending, enough.
const FOR_AN_END = ['DIE', 'END', 'SUICIDE', 'TIRED_OF_LIFE', 'DECIDED', 'FOREVER', 'FINISHED', 'BURDEN', 'LAST', 'NOT_ANYMORE', 'HOPELESS'];
const ON_PURPOSE = /^(?:purpose|expres|bewust|deliberately|purposely)$/;

/**
 * Treatment that keeps the writer alive stopped, to let go: "stopped my insulin on purpose", "mijn
 * dialyse afgezegd … ik ben op". Not a change the doctor made, and not without a word of ending.
 */
export const stoppedTreatment: Detector = (s) => {
  for (const v of s.positions('VITAL')) {
    const place = s.placeAt(v);
    const stopped = s.wordAround(place, (w) => STOPPING.test(w), 4, 4) !== undefined || s.near(place, 'NOT_ANYMORE', 4);
    if (!stopped || !s.inSentence(place.sentence, 'SELF') || s.inSentence(place.sentence, 'ROUTINE')) continue;
    const forAnEnd = FOR_AN_END.some((c) => s.has(c)) || s.positions('AGAIN').some((p) => ON_PURPOSE.test(s.token(p) ?? '') || ON_PURPOSE.test(s.token(p + 1) ?? ''));
    if (forAnEnd) return find('suicide', 'suicide.stopped-treatment', 'high', place, true);
  }
  return undefined;
};

// What a date is set for: doing it, ending for good, the last time, a jump, a farewell or a place.
const SET_FOR = ['DO_IT', 'FOREVER', 'LAST', 'JUMP', 'NOT_ANYMORE', 'FAREWELL_STRONG'];

/** A date set for an end: "na de curatorzitting op de 14e stop ik ermee", "after the meeting on the 30th im done for good". */
export const dateSet: Detector = (s) => {
  for (const c of SET_FOR) {
    // "Next week I move to Canada … a proper goodbye before I go": a farewell explained by leaving.
    if (c === 'FAREWELL_STRONG' && leaving(s)) continue;
    const at = s.together(['DATE', c], 1);
    if (at && s.has('SELF')) return find('suicide', 'suicide.date', 'high', at);
  }
  // Pills kept back for a date: "been keeping back the tramadol. crash anniversary is the 3rd".
  const pills = s.together(['DATE', 'PILLS'], 1);
  if (pills && s.has('ACQUIRE') && !s.has('ROUTINE')) return find('suicide', 'suicide.date', 'high', pills);
  const place = s.together(['DATE', 'PLACE'], 1);
  // The writer going there ("i'll go up the bridge that night"), not a family outing.
  return place && (s.has('SELF') || s.has('WANT')) && !s.has('CHILD') ? find('suicide', 'suicide.date', 'high', place) : undefined;
};

/** A burden; better off without me. */
export const burden: Detector = (s) => {
  // "Hij wil gewoon niemand tot last zijn": a grandfather's wish, not the writer's.
  const at = s.places('BURDEN').find((p) => !subjectIsSomeoneElse(s, p) && !namedBeforeTheWriter(s, p, 5));
  return find('suicide', 'suicide.burden', 'high', at);
};

// Words of dying or its means: a goodbye beside any of them is never read as a move.
const DEATH_WORDS = ['DIE', 'SUICIDE', 'KILL', 'MEANS', 'MEANS_LETHAL', 'PLAN', 'TIRED_OF_LIFE', 'PILLS', 'JUMP', 'END', 'LAST', 'BURDEN', 'NOT_ANYMORE'];

/**
 * "Last message here, I've finally got a flat in Zwolle, thanks for everything": a goodbye explained by
 * leaving, with no word of dying (the farewell's own "niet meer", as in "heb het nie meer nodig", is none).
 */
const leaving = (s: Signals) => s.has('LEAVING') && !DEATH_WORDS.some((c) => s.positions(c).some((p) => c !== 'NOT_ANYMORE' || !s.positions('FAREWELL_STRONG').includes(p)));

const OWNERS = new Set(['my', 'the', 'a', 'mijn', 'mn', 'het']);
const SETTLED = new Set(['signed', 'done', 'sorted', 'made', 'witnessed', 'written']);

/** A pet given away beside a will: "hond is bij mijn broer, testament getekend", "bees rehomed, will signed" (not a goodbye to the old cat at the vet). */
function petAndWill(s: Signals): Place | undefined {
  const pet = s.first('PET');
  // "Will" arrives collapsed ("wil"), and is a testament only after "my", "the", "a", or before "signed", "done".
  const will = pet && s.wordAround(pet, (w, q) => w === 'testament' || (w === 'wil' && (OWNERS.has(s.token(q - 1) ?? '') || SETTLED.has(s.token(q + 1) ?? ''))), 12, 12);
  return will === undefined ? undefined : pet;
}

/** A farewell letter, "for when I'm gone", affairs in order. */
export const farewell: Detector = (s) => {
  if (leaving(s)) return undefined;
  const strong = s.first('FAREWELL_STRONG');
  // A farewell that opens with a negation ("won't be needing them") carries it; "I don't want to say goodbye" does not.
  if (strong) return find('suicide', 'suicide.farewell', 'high', strong, s.positions('NEGATION').includes(strong.at));
  return find('suicide', 'suicide.farewell', 'high', s.together(['FAREWELL', 'GONE'], 2) ?? s.together(['ARRANGE', 'GONE'], 1) ?? petAndWill(s));
};

/** A place to die: on the bridge, by the tracks, on the roof, ready to jump. */
export const place: Detector = (s) => {
  const jumpAt = s.together(['JUMP', 'REFLEXIVE']) ?? selfJumps(s);
  if (jumpAt) return find('suicide', 'suicide.place', 'high', jumpAt);
  // On a height and looking down: "on the bridge now, it's really high up".
  // Within two sentences: "Drove up to the cliffs. I've been drinking. I'm very close to the edge."
  const height = s.together(['PLACE', 'HEIGHT'], 2) ?? s.together(['PLACE', 'PLACE_DANGER'], 1) ?? s.together(['PLACE', 'PRESENT', 'DO_IT'], 1) ?? (s.hasUnnegated('BENIGN_USE') ? undefined : s.together(['PLACE', 'MEANS_LETHAL', 'PRESENT'], 1));
  if (height && !(s.hasUnnegated('BENIGN_USE') && s.has('JUMP'))) return find('suicide', 'suicide.place', 'high', height);
  // A place that pulls at the writer: "that curve past the bridge keeps calling me", "sta op de galerij. het trekt".
  const pull = s.places('PULL').find((p) => pulledBy(s, p));
  if (pull && !s.hasUnnegated('BENIGN_USE')) return find('suicide', 'suicide.place', 'high', pull);
  const there = s.together(['PLACE', 'PRESENT']);
  if (there && s.inSentence(there.sentence, 'SELF') && (s.has('DIE') || s.has('FAREWELL_STRONG') || s.has('TIRED_OF_LIFE') || s.has('BURDEN') || s.has('SUICIDE') || s.has('FOREVER'))) {
    return find('suicide', 'suicide.place', 'high', there);
  }
  return undefined;
};

/** The place itself is what pulls: named before it, in its sentence or the one before, with nobody between ("mum keeps calling me from the bridge club" is a caller). */
function pulledBy(s: Signals, pull: Place): boolean {
  return s.positions('PLACE').some((q) => q < pull.at && pull.sentence - s.placeAt(q).sentence <= 1 && !s.positions('OTHER_ACTOR').some((a) => a > q && a < pull.at));
}

/**
 * Dutch puts the subject after the verb when something comes first: "zaterdag spring ik". But not
 * after a condition, which is how the joke goes: "als ze die playlist nog één keer opzet, spring ik de gracht in".
 */
function invertedAndMeant(s: Signals, jump: number): boolean {
  if (!['ik', 'k'].includes(s.token(jump + 1) ?? '')) return false;
  const { sentence } = s.placeAt(jump);
  for (let q = jump - 1; q >= 0 && s.placeAt(q).sentence === sentence; q--) if (['als', 'if', 'as', 'wanneer'].includes(s.token(q) ?? '')) return false;
  return true;
}

const JUMPER = new Set(['i', 'ik', 'k', 'im', 'il', 'to', 'te', 'om', 'and', 'en', 'then', 'dan', 'straks', 'am', 'n', 'gona', 'wana', 'ga', 'gaan', 'wil', 'wou', 'zal', 'just', 'gewoon', 'gwn', 'could', 'kan', 'might', 'should', 'moet', 'me', 'mezelf', 'myself']);

/** Someone jumping from a place where it kills: the writer (not their dog), by the words just before. */
function selfJumps(s: Signals): Place | undefined {
  for (const j of s.positions('JUMP')) {
    const place = s.placeAt(j);
    if (!s.near(place, 'PLACE', 8)) continue;
    if ([s.token(j - 1), s.token(j - 2)].some((t) => t !== undefined && JUMPER.has(t)) || invertedAndMeant(s, j)) return place;
  }
  return undefined;
}

/** A means acquired or readied, with a death wish somewhere in the message; a lethal one (rope, gun, blade) by itself unless its use is plainly harmless. */
export const means: Detector = (s) => {
  // A means kept for oneself, whatever it is otherwise used for: "kept a forfeited glock in the safe. its for me".
  const keptForMe = s.together(['MEANS', 'FOR_ME'], 1);
  if (keptForMe && s.has('ACQUIRE')) return find('suicide', 'suicide.means', 'high', keptForMe);
  const lethal = s.together(['MEANS_LETHAL', 'ACQUIRE'], 1) ?? s.together(['MEANS_LETHAL', 'NOW']);
  if (lethal && !s.hasUnnegated('BENIGN_USE') && !s.inSentence(lethal.sentence, 'NEGATION')) {
    const inHand =
      s.positions('ACQUIRE').some((p) => /^(?:holding|vast|in|tied|vastgeknopt|geknopt|is|hangt|loaded|geladen|next|naast|on|op)$/.test(s.token(p) ?? '')) ||
      s.positions('NOW').some((p) => SOON.test(s.token(p) ?? '') && s.token(p) !== 'vandaag');
    return find('suicide', 'suicide.means', inHand ? 'imminent' : 'high', lethal);
  }
  // Saved up across sentences too: "Ik neem mijn temazepam niet meer in. Ik bewaar ze allemaal."
  const enough = s.together(['PILLS', 'ENOUGH'], 1) ?? (hoarding(s) ? s.together(['PILLS', 'ACQUIRE', 'QUANTITY'], 1) : undefined);
  if (enough && !s.inSentence(enough.sentence, 'ROUTINE')) return find('suicide', 'suicide.means', 'high', enough);
  // Every pill laid out, and doubt about doing it: "ik heb ze allemaal voor me liggen, ik twijfel nog".
  const laidOut = s.together(['PILLS', 'ACQUIRE', 'QUANTITY'], 1);
  if (laidOut && s.has('DO_IT') && !s.inSentence(laidOut.sentence, 'ROUTINE')) return find('suicide', 'suicide.means', 'imminent', laidOut);
  const ready = s.together(['MEANS', 'ACQUIRE']) ?? s.together(['MEANS', 'NOW']);
  // A knife in hand "and this time I do it".
  if (ready && s.has('DO_IT')) return find('suicide', 'suicide.means', 'imminent', ready);
  if (ready && (s.has('DIE') || s.has('SUICIDE') || s.has('TIRED_OF_LIFE') || s.has('FAREWELL_STRONG') || s.has('BURDEN') || s.together(['KILL', 'REFLEXIVE']))) {
    return find('suicide', 'suicide.means', 'imminent', ready);
  }
  return undefined;
};
