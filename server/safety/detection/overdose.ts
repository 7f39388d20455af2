/** Detectors of overdose: quantities, mixing, danger signs, intent. */
import { find, hoarding, type Detector } from './finding.js';
import type { Place, Signals } from './signals.js';
import { collapse } from './text.js';

/** Overdose named, with the writer as its subject or intent. */
export const overdoseNamed: Detector = (s) => {
  const at = s.first('OVERDOSE');
  if (!at) return undefined;
  const word = s.token(at.at) ?? '';
  const explicit = /^(?:overdos|od|oded|oding|ods|zelfvergiftig)/.test(word);
  if (explicit && (s.has('SELF') || s.has('WANT') || s.has('TAKE') || s.has('TAKE_PAST'))) return find('overdose', 'overdose.named', 'high', at);
  return undefined;
};

/** A count of a substance taken: "took 30 of my pills", "een hele strip geslikt". Never routine ("took 20 of the pills my doctor gave me"). */
export const taken: Detector = (s) => {
  const at = s.together(['TAKE_PAST', 'PILLS', 'QUANTITY']) ?? s.together(['TAKE_PAST', 'PILLS', 'OVERDOSE']);
  return at && !s.inSentence(at.sentence, 'NEG_STRONG') && !carriedSomewhere(s, at) && !perDay(s, at) ? find('overdose', 'overdose.taken', 'imminent', at) : undefined;
};

// Where medicine is handed in: "took the whole bag to the pharmacy", "alles terug naar de apotheek".
// Whole words where a prefix would catch others: "bin" is not "binge" or "binnen".
const HANDED_IN = /^(?:pharmac|chemist|apothe|drogist|disposal|afval|container|inlever|ingelever|(?:returns|bins?|handed)$)/;

const A_DAY = /^(?:day|dag|daily|dagelijks)$/;
/** "Ze nam elf pillen per dag, nu nog zeven": a count a day is a prescription, not an overdose. */
function perDay(s: Signals, taken: Place): boolean {
  return s.wordAround(taken, (w) => A_DAY.test(w), 0, 6) !== undefined;
}

/** Taken to the pharmacy, not swallowed: a place medicine is handed in, later in the sentence. */
function carriedSomewhere(s: Signals, taken: Place): boolean {
  return s.wordAround(taken, (w) => HANDED_IN.test(w), 0, 14) !== undefined;
}

/** Too much taken, or a quantity about to be: "took too much", "going to take 30 tonight". */
export const quantity: Detector = (s) => {
  if (taken(s)) return undefined;
  const tooMuch = s.together(['OVERDOSE', 'TAKE_PAST'], 1);
  if (tooMuch) return find('overdose', 'overdose.quantity', s.has('DANGER') || s.has('NUMB') ? 'imminent' : 'high', tooMuch);
  const planned = s.together(['TAKE', 'PILLS', 'QUANTITY']) ?? s.together(['WANT', 'PILLS', 'QUANTITY']) ?? s.together(['PILLS', 'OVERDOSE']);
  if (planned && !routine(s, planned) && !s.inSentence(planned.sentence, 'QUESTION')) return find('overdose', 'overdose.quantity', 'high', planned);
  return undefined;
};

/** Prescribed, daily, at the pharmacy: medication as it is meant to be taken. */
const routine = (s: Signals, place: Place) => s.inSentence(place.sentence, 'ROUTINE') && !s.has('DANGER') && !s.has('UNCONSCIOUS') && !s.has('OVERDOSE');

/** Sedatives, opioids or GHB with alcohol (or each other). */
const GENERIC = /^(?:med|meds|medicat|medicin|medicijn|medis|pil|pils|pilen|pilet|tablet|tabs|tab|caps|capsule|stuf|spul|dose|dosis|doses|emopil|pilenstrip|strip|blister|dosje|potje|flesje|dope)/;

// "A rough patch last month": a time, not a fentanyl patch (tokens arrive collapsed: "good" is "god").
const HARD_TIMES = new Set(['rough', 'bad', 'tough', 'difficult', 'hard', 'dark', 'sticky', 'purple', 'good'].map(collapse));
const aRoughPatch = (s: Signals, p: number) => /^patch/.test(s.token(p) ?? '') && HARD_TIMES.has(s.token(p - 1) ?? '');
// "A hot water bottle", "een waterfles": no drink.
const aWaterBottle = (s: Signals, p: number) => /^(?:botle|fles)$/.test(s.token(p) ?? '') && /^(?:water|baby)$/.test(s.token(p - 1) ?? '');
// "Drinking about four litres of water a day", "veel thee drinken": a drink, but no alcohol (collapsed, as tokens arrive: "coffee" is "cofe").
const SOFT_DRINK = /^(?:water|fluids|tea|cofe|kofie|juice|squash|milk|melk|thee|sap|vocht|limonade|cola|decaf)$/;
const aSoftDrink = (s: Signals, p: number) => s.wordAround(s.placeAt(p), (w) => SOFT_DRINK.test(w), 0, 6) !== undefined;
// "Acamprosaat tegen de goesting naar drank", "cravings for alcohol": wanting a drink is not having one.
const CRAVING = /^(?:goesting|craving|cravings|zin|trek|hunkering|drang|urge|urges)$/;
const aCraving = (s: Signals, p: number) => [1, 2].some((k) => CRAVING.test(s.token(p - k) ?? ''));

// Painkillers taken together as the leaflet allows ("two paracetamol and an ibuprofen for cramps"): no dangerous mix.
const MILD = /^(?:paracetamol|ibuprofen|ibuprofe|aspirin|aspirine|naproxen|dafalgan|nurofen|advil|tylenol|panadol|perdolan|acetaminophen|diclofenac|voltaren)/;

export const mixing: Detector = (s) => {
  // Two named substances (an opioid and a benzodiazepine, say) taken together.
  const named = [...new Set(s.positions('PILLS').filter((p) => !aRoughPatch(s, p)).map((p) => s.token(p) ?? '').filter((t) => t.length > 1 && !GENERIC.test(t)))];
  // Taken, or showing in the body ("tramadol plus sertraline, twitching, sweating").
  const allMild = named.length > 0 && named.every((t) => MILD.test(t));
  if (named.length >= 2 && !allMild && (s.has('TAKE_PAST') || s.has('DANGER')) && !s.together(['ROUTINE', 'PILLS'])) return find('overdose', 'overdose.mixing', 'imminent', s.first('PILLS'));
  // A painkiller and "drinking" (plenty of fluids, or a glass) is no dangerous mix short of a count ("every six hours" is none).
  const mildOnly = allMild && (!s.has('QUANTITY') || s.has('ROUTINE'));
  const mixed = !mildOnly && s.positions('ALCOHOL').some((p) => !aWaterBottle(s, p) && !aSoftDrink(s, p) && !aCraving(s, p)) ? s.together(['PILLS', 'ALCOHOL'], 1) : undefined;
  // "Mag ik één biertje bij mijn oxazepam?": asking before, anywhere in the message.
  if (!mixed || (s.has('QUESTION') && !s.has('TAKE_PAST'))) return undefined;
  if (s.has('TAKE_PAST') || s.has('DANGER') || s.has('UNCONSCIOUS')) return find('overdose', 'overdose.mixing', 'imminent', mixed);
  if (s.has('TAKE') || s.has('WANT') || s.has('QUANTITY')) return find('overdose', 'overdose.mixing', 'high', mixed);
  return undefined;
};

const WRITER = new Set(['me', 'mij', 'mezelf', 'myself']);
const NAMED_SUBSTANCE = ['PILLS', 'ALCOHOL', 'OVERDOSE'];
const SUBSTANCE = [...NAMED_SUBSTANCE, 'TAKE_PAST'];

/** Breathing failing, cannot be woken, blue lips: in the writer or someone with them, after using. */
export const dangerSigns: Detector = (s) => {
  const substance = SUBSTANCE.some((c) => s.has(c));
  const breathing = s.together(['BREATH', 'BREATH_FAIL']);
  // "Do not wake me", "maak me niet wakker": the writer asking for sleep, not someone who cannot be woken.
  // The negation is the waking's own ("can't wake him", "wordt niet wakker"), not one elsewhere in a long sentence.
  // Nor a sleeper the writer means to leave be: "the baby's asleep, I don't want to wake her".
  const notWoken = s.places('WAKE').find((w) => s.near(w, 'NEGATION', 3) && s.wordAround(w, (t) => WRITER.has(t), 2, 2) === undefined && !s.near(w, 'WANT', 3));
  const unconscious = s.first('UNCONSCIOUS') ?? notWoken;
  // A colour of a bruise ("blauwe plek", "black and blue") is no sign of failing breath.
  const blue = s.positions('BLUE').filter((p) => !s.positions('BRUISE').some((b) => p >= b && p - b <= 2)).map((p) => s.placeAt(p)).find((p) => s.inSentence(p.sentence, 'BODY'));
  // Blue lips and struggling to breathe: a danger sign with or without a substance named.
  if (blue && s.has('BREATH')) return find('overdose', 'overdose.danger-signs', 'imminent', blue, true);
  // Numbness or another sign told beside what was taken: "a bit numb the way you get after" a night shift is not it.
  const taken = (c: string) => s.places(c).find((p) => SUBSTANCE.some((x) => s.besides(p, x)));
  const numb = taken('NUMB') ?? (s.has('ROUTINE') ? undefined : s.places('DANGER').find((p) => s.besides(p, 'TAKE_PAST')));
  const sign = breathing ?? unconscious ?? blue;
  // Asleep after a double shift and snoring, with nothing named that was taken: tired, not out.
  if (s.has('TIRED_OUT') && !NAMED_SUBSTANCE.some((c) => s.has(c))) return undefined;
  // These signs are phrased as negations ("can't wake him", "reageert niet"): negation does not lower them.
  if (sign && (substance || s.has('OTHER_ACTOR') || s.has('OTHER'))) return find('overdose', 'overdose.danger-signs', 'imminent', sign, true);
  if (numb && substance) return find('overdose', 'overdose.danger-signs', 'imminent', numb, true);
  if (unconscious && (s.has('DANGER') || s.has('HELP_NOW'))) return find('overdose', 'overdose.danger-signs', 'high', unconscious, true);
  return undefined;
};

const WHY_ALL = ['TIRED_OF_LIFE', 'END', 'DIE', 'DO_IT'];

/** "I'll just take everything and then it's over", "expres te veel gebruiken zodat het stopt". */
export const takeEverything: Detector = (s) => {
  const all = s.together(['TAKE', 'QUANTITY']) ?? s.together(['TAKE', 'OVERDOSE']) ?? s.together(['WANT', 'OVERDOSE']);
  // The end it is for stands beside it: "ten wrong attempts … not the end of the world" is not this.
  const why = all && WHY_ALL.some((c) => s.besides(all, c));
  if (all && why && !s.inSentence(all.sentence, 'QUESTION')) return find('overdose', 'overdose.intent', 'high', all);
  return undefined;
};

const SOURCE = new Set(['from', 'van', 'uit', 'of']);

/** Saving pills up, wanting to take everything. */
export const stockpile: Detector = (s) => {
  const saved = s.together(['PILLS', 'ACQUIRE']);
  // "Collected my methadone as usual; I may take the weekend doses home": a prescription, not a hoard.
  // But a prescription the pills came from is the hoard's source: "keeping back tablets from every prescription".
  const routine = saved && s.positions('ROUTINE').some((p) => s.placeAt(p).sentence === saved.sentence && ![1, 2].some((k) => SOURCE.has(s.token(p - k) ?? '')));
  return saved && hoarding(s) && !routine ? find('overdose', 'overdose.stockpile', 'high', saved) : undefined;
};

/** "How much paracetamol is lethal", "hoeveel pillen zijn dodelijk", "how many of these would it take". */
export const lethalDose: Detector = (s) => find('overdose', 'overdose.lethal-dose', 'high', s.together(['QUESTION', 'LETHAL']));

/**
 * After weeks clean, in rehab or in prison the body no longer tolerates the old amount: using it
 * again ("8 months clean, gonna do the same amount", "net uit de kliniek, zelfde hoeveelheid als
 * vroeger"), or using alone ("out of rehab 3 days, gonna use at home on my own"), is how many die.
 */
export const toleranceLost: Detector = (s) => {
  if (!s.has('ABSTINENT')) return undefined;
  const same = s.first('TOLERANCE');
  // "The same amount of sleep": of something that is no drug.
  const ofSomethingElse = same && [1, 2, 3].some((d) => ['of', 'van', 'aan'].includes(s.token(same.at + d) ?? '')) && !s.near(same, 'PILLS', 5);
  if (ofSomethingElse) return undefined;
  // About to use the old amount: "gonna", "ga", "ik neem", "tonight" (the old amount itself is told in the past).
  const oldAmount = same && (s.has('WANT') || s.has('TAKE') || s.has('USE') || s.upcomingIn(same.sentence)) ? same : undefined;
  // Using alone is how many of them die; any using, the dealer met again ("3 wks out of detox,
  // meeting my old dealer friday"), is a relapse at a tolerance lost, and is confirmed by the classifier.
  if (!oldAmount && !s.has('USE')) return undefined;
  const alone = s.first('ALONE');
  const finding = oldAmount || alone ? find('overdose', 'overdose.tolerance', 'high', oldAmount ?? alone) : find('overdose', 'overdose.relapse', 'high', s.first('USE'));
  return finding && { ...finding, carriesPast: true };
};

/**
 * A child who got into medicine: "kid swallowed a few of my pills", "toddler with my buprenorphine
 * packet open, one tablet missing, drowsy". The writer's own medicine, or signs in the child; a
 * child taking their own prescription ("swallowed his antibiotic") is not this. Imminent with or
 * without signs: an adult's tablets can harm a small child hours later, so poison advice is needed now.
 */
export const childIngested: Detector = (s) => {
  // The child and the medicine in one breath: not a child met later in a story about the writer's own overdose.
  const child = s.places('CHILD').find((c) => s.besides(c, 'PILLS'));
  if (!child) return undefined;
  const signs = s.has('DANGER') || s.has('UNCONSCIOUS');
  const mine = s.positions('PILLS').some((p) => s.positions('SELF').some((q) => q < p && p - q <= 2));
  if (!(s.has('INGESTED') && (mine || signs)) && !(signs && s.has('TAKE_PAST'))) return undefined;
  return find('overdose', 'overdose.child', 'imminent', child);
};
