/** Detectors of self-harm: acts, urges, wounds. */
import { find, type Detector } from './finding.js';
import { collapse } from './text.js';
import type { Place, Signals } from './signals.js';

/** cut myself, mezelf snijden, mezelf iets aandoen, hurt myself. */
export const hurtSelf: Detector = (s) => find('self_harm', 'self-harm.hurt-self', 'high', s.together(['HURT', 'REFLEXIVE']));

/** Cutting, burning or hitting one's own body: my arm, mijn polsen. */
// Tokens arrive collapsed ("haar" is "har"), so these are collapsed too.
const THEIRS = new Set(['haar', 'zijn', 'zn', 'dr', 'his', 'her', 'their', 'hun'].map(collapse));
const ACHE = new Set(['pijn', 'hurts', 'hurting', 'hurt', 'harm', 'bang', 'hit']);

// "Using my belt on myself", "het mes op mezelf": a means turned on the writer (not "put the belt on").
const ON = new Set(['on', 'op']);
function usedOnMyself(s: Signals): Place | undefined {
  const m = s.positions('MEANS').find((p) => [1, 2].some((k) => ON.has(s.token(p + k) ?? '') && s.positions('REFLEXIVE').includes(p + k + 1)) && !['put', 'puting', 'wear', 'wearing'].includes(s.token(p - 2) ?? ''));
  return m === undefined || s.hasUnnegated('BENIGN_USE') ? undefined : s.placeAt(m);
}

// Collapsed, as tokens arrive: "sleeve" is "sleve".
const SLEEVE = new Set(['sleve', 'sleves', 'mouw', 'mouwen']);

/** A sleeve pushed up with a blade ready: "sleeve up, shard of pint glass ready". */
function sleeveUp(s: Signals): Place | undefined {
  const sleeve = s.places('SH_BODY').find((p) => SLEEVE.has(s.token(p.at) ?? ''));
  return sleeve && s.inSentence(sleeve.sentence, 'MEANS') && s.inSentence(sleeve.sentence, 'ACQUIRE') && !s.hasUnnegated('BENIGN_USE') ? sleeve : undefined;
}

export const hurtBody: Detector = (s) => {
  // Someone else's arms ("krast in haar armen") are not the writer's.
  const theirs = (p: number) => s.positions('SH_BODY').some((b) => Math.abs(b - p) <= 6 && THEIRS.has(s.token(b - 1) ?? ''));
  // "Burned my hand on the roasting tin": an accident told beside what did it.
  const acts = s.positions('HURT').filter((p) => !ACHE.has(s.token(p) ?? '') && s.near(s.placeAt(p), 'SELF', 4) && s.near(s.placeAt(p), 'SH_BODY', 6) && !theirs(p) && !s.besides(s.placeAt(p), 'BENIGN_USE', 0));
  const at = acts.length > 0 ? s.placeAt(acts[0]!) : (s.together(['MEANS', 'SH_BODY', 'SELF', 'AGAIN']) ?? s.together(['MEANS', 'SH_BODY', 'HURT']) ?? sleeveUp(s) ?? usedOnMyself(s));
  // Someone else named is the one who hurts ("he burns my arm"), unless the writer is the act's subject ("sinds mijn broer dood is ik maak lijnen op mijn arm").
  return at && (!s.has('OTHER_ACTOR') || writerDoes(s, at)) ? find('self_harm', 'self-harm.body', 'high', at) : undefined;
};
const I_DO = new Set(['i', 'ik', 'k', 'im', 'ive']);

/** The subject nearest before the act, in its sentence, is the writer; or, as Dutch inverts it, right after ("'s avonds schuur ik"). */
function writerDoes(s: Signals, place: Place): boolean {
  if (I_DO.has(s.token(place.at + 1) ?? '') && s.placeAt(place.at + 1).sentence === place.sentence) return true;
  const others = s.positions('OTHER_ACTOR');
  for (let q = place.at - 1; q >= 0 && s.placeAt(q).sentence === place.sentence; q--) {
    if (I_DO.has(s.token(q) ?? '')) return true;
    if (others.includes(q)) return false;
  }
  return false;
}

/**
 * Going without food, or throwing it up, as a punishment the writer deserves: "ate cake so no food
 * till sunday. i deserve it", "verdien geen eten. deze week niks, als straf". Fasting for faith or
 * before surgery names no punishment; a friend who starves herself is someone else's.
 */
export const starving: Detector = (s) => {
  const at = s.together(['RESTRICT', 'PUNISH'], 1);
  // Chat drops the subject ("verdien geen eten"): the writer, unless someone else is named.
  if (!at || s.has('OTHER_ACTOR') || (!s.has('SELF') && s.has('OTHER'))) return undefined;
  // Going without is said with a negation ("niks eten", "no food", "1 dag niks"): the finding's own.
  return find('self_harm', 'self-harm.starving', 'high', at, s.negationOf(at, 0, 2));
};

/** Self-harm named (zelfbeschadiging, sh), or an urge to cut, or doing it again. */
export const selfHarmNamed: Detector = (s) => {
  const named = s.positions('HURT').find((p) => /^(?:selfharm|zelfbeschadig|zelfverwond|sh$)/.test(s.token(p) ?? ''));
  if (named !== undefined) return find('self_harm', 'self-harm.named', 'high', s.placeAt(named));
  const urge = s.ordered('FEAR', 'HURT', 5) ?? s.ordered('WANT', 'HURT', 4);
  if (urge && s.near(urge, 'SELF', 6) && !s.near(urge, 'OTHER', 6)) return find('self_harm', 'self-harm.urge', 'high', urge);
  const again = hurtAgain(s);
  if (again && !s.has('OTHER_ACTOR')) return find('self_harm', 'self-harm.again', 'high', again);
  return undefined;
};

const CUT = /^(?:cut|cuting|snij|sned|gesned|sneed|kras|gekrast|carv)/;
// What follows a verb whose object is not the writer: "cut the cake", "burned the toast", "cut class", "snij de uien".
const SOMETHING_ELSE = new Set(['the', 'a', 'an', 'some', 'his', 'her', 'their', 'of', 'out', 'back', 'down', 'up', 'class', 'school', 'ties', 'him', 'them', 'de', 'het', 'een', 'die', 'dat', 'af']);

/**
 * Hurting oneself again: "I cut myself again", and a cut with nobody else in the sentence, where
 * the writer need not say "myself" ("cut again last night", "vannacht terug gesneden").
 */
function hurtAgain(s: Signals): Place | undefined {
  for (const p of s.positions('HURT')) {
    const place = s.placeAt(p);
    // "Hit 100 days": a milestone (but "weer gesneden, 2e keer deze week" is a cut).
    const next = s.token(p + 1) ?? '';
    const cut = CUT.test(s.token(p) ?? '');
    if (SOMETHING_ELSE.has(next) || (/^\d/.test(next) && !cut) || !s.inSentence(place.sentence, 'AGAIN')) continue;
    if (s.inSentence(place.sentence, 'SELF')) return place;
    if (cut && !s.inSentence(place.sentence, 'OTHER') && !s.inSentence(place.sentence, 'OTHER_ACTOR')) return place;
  }
  return undefined;
}

const UNDER = new Set(['under', 'onder']);
const CLOTHES = new Set([...SLEEVE, 'scrubs', 'shirt', 'clothes', 'hoodie', 'jumper', 'uniform', 'overall', 'kleren', 'trui', 'kleding']);
const HIDE = /^(?:hide|hiding|hid|hidden|cover|covering|verstop|verstopt|verberg|verbergen|verborgen)/;

/** Cuts being hidden ("forging PE notes to hide the cuts"), or a cut that is infected: the wound is fresh. */
export const hiddenOrInfected: Detector = (s) => {
  for (const p of s.positions('HURT')) {
    if (!CUT.test(s.token(p) ?? '') || s.has('OTHER_ACTOR') || s.has('BENIGN_USE')) continue;
    const place = s.placeAt(p);
    // Or worn under clothes: "cuts are under my scrubs where no one checks".
    const hidden = [p - 3, p - 2, p - 1].some((q) => HIDE.test(s.token(q) ?? '') && s.placeAt(q).sentence === place.sentence) || s.wordAround(place, (w, q) => CLOTHES.has(w) && UNDER.has(s.token(q - 2) ?? ''), 0, 5) !== undefined;
    if (hidden) return find('self_harm', 'self-harm.hidden', 'high', place);
    // Red streaks and a fever after a cut: infection that needs a doctor today.
    if (s.besides(place, 'INFECTION')) return find('self_harm', 'self-harm.wound', s.has('DANGER') ? 'imminent' : 'high', place);
  }
  return undefined;
};

/** A wound that will not stop bleeding. */
export const wound: Detector = (s) => {
  // Cooking, shaving, a fishing hook, sparring beside the blood: an accident told, not a wound made.
  const accident = (place: Place) => s.besides(place, 'BENIGN_USE');
  const nonstop = s.together(['BLOOD', 'BLEED_NONSTOP'], 1) ?? (s.has('HURT') ? s.first('BLEED_NONSTOP') : undefined);
  // Phrased as a negation ("it won't stop", "'t stopt ni"): negation does not lower it.
  if (nonstop && !s.has('OTHER_ACTOR') && !accident(nonstop)) return find('self_harm', 'self-harm.wound', 'imminent', nonstop, true);
  const bleeding = s.together(['BLOOD', 'HURT'], 1);
  if (bleeding && (s.has('SELF') || s.has('REFLEXIVE')) && !accident(bleeding)) return find('self_harm', 'self-harm.wound', /dep|diep|stop|stitch|hecht|gush|guts/.test(s.token(s.positions('BLOOD')[0]!) ?? '') || s.has('DANGER') ? 'imminent' : 'high', bleeding);
  return undefined;
};

const SWALLOWED = /^(?:swalow|ingeslikt|doorgeslikt|inslik|slik|geslikt|ate|eaten|eating|gegeten)/;

/**
 * Objects swallowed on purpose: "swallowed paperclips again", "twee paperclips en een stuk vork
 * ingeslikt". The writer's own act: a child who swallowed a battery is an emergency told otherwise.
 */
export const swallowedObjects: Detector = (s) => {
  for (const o of s.positions('SWALLOWABLE')) {
    const place = s.placeAt(o);
    const verb = s.wordAround(place, (w) => SWALLOWED.test(w), 4, 8);
    if (verb === undefined || s.inSentence(place.sentence, 'CHILD')) continue;
    // Someone else as the one who swallowed ("he swallowed a battery"): named just before the object or the verb.
    const first = Math.min(verb, o);
    const someoneElse = s.someoneBefore(first, 4);
    if (!someoneElse && (s.inSentence(place.sentence, 'SELF') || !s.inSentence(place.sentence, 'OTHER_ACTOR'))) return find('self_harm', 'self-harm.swallowed', 'high', place);
  }
  return undefined;
};
