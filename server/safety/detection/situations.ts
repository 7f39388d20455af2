import type { RiskCategory, Severity } from './categories.js';
import type { Place, Signals } from './signals.js';
import { collapse } from './text.js';

/** What a detector saw. */
export interface Finding {
  category: RiskCategory;
  level: Severity;
  /** The detector's name, e.g. `overdose.quantity`. */
  detector: string;
  place: Place;
  /** This detector's trigger is a negation itself ("don't want to live"): the negation filter does not apply. */
  carriesNegation?: boolean;
}

type Detector = (s: Signals) => Finding | undefined;

const find = (category: RiskCategory, detector: string, level: Severity, place: Place | undefined, carriesNegation = false): Finding | undefined =>
  place ? { category, detector, level, place, ...(carriesNegation ? { carriesNegation } : {}) } : undefined;

/** Raised to imminent when the message says when (now, tonight), where, or with what. */
function imminentIf(s: Signals, finding: Finding | undefined, ...signs: Array<string | Place | undefined | boolean>): Finding | undefined {
  // A means in hand is itself an urgency sign: the means detector has already weighed it.
  if (!finding || finding.level === 'imminent' || finding.detector === 'suicide.means') return finding;
  const soon = signs.some((sign) => (typeof sign === 'string' ? s.has(sign) : Boolean(sign)));
  return soon ? { ...finding, level: 'imminent' } : finding;
}

// "Today", "just" and "already" say little; these say now.
const SOON = /^(?:tonight|tonite|now|rn|vanacht|vanavond|nu|straks|zometen|asap|vandaag|meteen|direct)$/;

/** Time, means in hand, a place, or a farewell: the marks of a crisis happening now. */
const urgency = (s: Signals) => [
  s.positions('NOW').some((p) => SOON.test(s.token(p) ?? '') && s.token(p) !== 'vandaag') || s.positions('NOW').some((p) => /^(?:right|this|in|after|when|while|once)$/.test(s.token(p) ?? '')),
  s.together(['MEANS', 'ACQUIRE']),
  s.together(['PILLS', 'ACQUIRE', 'QUANTITY']),
  s.together(['PLACE', 'PRESENT']),
  'FAREWELL_STRONG',
  s.together(['GONE', 'ARRANGE'], 1),
];

// ——— Suicide ———————————————————————————————————————————————————————————————

const suicideWords: Detector = (s) => find('suicide', 'suicide.word', 'high', s.first('SUICIDE'));

/** kill myself, mezelf doden, mezelf van kant maken. */
const killSelf: Detector = (s) => {
  const reflexive = s.together(['KILL', 'REFLEXIVE']);
  // Dutch puts the reflexive first: "ik wil me van kant maken" (but "hij wil me vermoorden" is a threat).
  const dutch =
    s.language === 'nl' && !s.has('OTHER_ACTOR')
      ? s.positions('SELF').map((p) => s.placeAt(p)).find((p) => ['me', 'mij'].includes(s.token(p.at) ?? '') && s.near(p, 'KILL', 4) && s.positions('KILL').some((k) => k > p.at))
      : undefined;
  return find('suicide', 'suicide.kill-self', 'high', reflexive ?? dutch);
};

/** A method, a date, a plan. */
const plan: Detector = (s) => find('suicide', 'suicide.plan', 'high', s.first('PLAN'));

/** "ik ben er straks niet meer", "dan ben ik er ni meer": being gone, soon. */
const notThereAnymore: Detector = (s) => {
  for (const p of s.positions('NOT_ANYMORE')) {
    const before = [s.token(p - 1), s.token(p - 2), s.token(p - 3)];
    if (before.includes('er') && (before.includes('ben') || s.near(s.placeAt(p), 'SELF', 4))) return find('suicide', 'suicide.gone', 'high', s.placeAt(p));
  }
  return undefined;
};

/** "Better if I'm dead", "doing them a favour by dying". */
const betterDead: Detector = (s) => {
  const at = s.together(['DIE', 'BETTER']) ?? s.together(['END', 'BETTER', 'DO_IT']);
  return at && s.inSentence(at.sentence, 'SELF') ? find('suicide', 'suicide.burden', 'high', at) : undefined;
};

/** "Once everyone's asleep I'm going to do it", "vannacht gaat het gebeuren". */
const doItNow: Detector = (s) => {
  const at = s.together(['DO_IT', 'ALONE'], 1) ?? s.together(['DO_IT', 'NOW', 'FAREWELL_STRONG'], 1);
  return find('suicide', 'suicide.do-it', 'imminent', at);
};

/** want to die, wil dood, ready to die, hoop dat ik doodga. */
const wantDeath: Detector = (s) => {
  const at = s.ordered('WANT', 'DIE', 7);
  return at && !subjectIsSomeoneElse(s, at) ? find('suicide', 'suicide.want-death', 'high', at) : undefined;
};

/** "She wants to die", "mijn moeder wil dood": someone else's words, reported (support, not the writer's crisis). */
function subjectIsSomeoneElse(s: Signals, place: Place): boolean {
  return s.positions('OTHER_ACTOR').some((p) => p < place.at && place.at - p <= 3);
}

/** Don't want to live, wil niet meer leven, can't go on, no longer want to be here. */
const notLive: Detector = (s) => {
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
const endLife: Detector = (s) => find('suicide', 'suicide.end-life', 'high', s.together(['END', 'LIFE']) && s.together(['END', 'SELF']) ? s.together(['END', 'LIFE']) : undefined);

/** Tired of living, hoping not to wake up, euphemisms: ermee stoppen, uit het leven stappen. */
const passiveWish: Detector = (s) => find('suicide', 'suicide.passive', 'high', s.first('TIRED_OF_LIFE'));

/** "Ik stop ermee. Met alles. Voorgoed." Ending, for good. */
const forGood: Detector = (s) => {
  const at = s.together(['FOREVER', 'FINISHED'], 1);
  return at && s.has('SELF') ? find('suicide', 'suicide.for-good', 'high', at) : undefined;
};

/** A burden; better off without me. */
const burden: Detector = (s) => find('suicide', 'suicide.burden', 'high', s.first('BURDEN'));

/** A farewell letter, "for when I'm gone", affairs in order. */
const farewell: Detector = (s) => {
  const strong = s.first('FAREWELL_STRONG');
  if (strong) return find('suicide', 'suicide.farewell', 'high', strong);
  return find('suicide', 'suicide.farewell', 'high', s.together(['FAREWELL', 'GONE'], 1) ?? s.together(['ARRANGE', 'GONE'], 1));
};

/** A place to die: on the bridge, by the tracks, on the roof, ready to jump. */
const place: Detector = (s) => {
  const jumpAt = s.together(['JUMP', 'REFLEXIVE']) ?? selfJumps(s);
  if (jumpAt) return find('suicide', 'suicide.place', 'high', jumpAt);
  const there = s.together(['PLACE', 'PRESENT']);
  if (there && s.inSentence(there.sentence, 'SELF') && (s.has('DIE') || s.has('FAREWELL_STRONG') || s.has('TIRED_OF_LIFE') || s.has('BURDEN') || s.has('SUICIDE'))) {
    return find('suicide', 'suicide.place', 'high', there);
  }
  return undefined;
};

const JUMPER = new Set(['i', 'ik', 'k', 'im', 'il', 'to', 'te', 'om', 'gona', 'wana', 'ga', 'gaan', 'wil', 'wou', 'zal', 'just', 'gewoon', 'gwn', 'could', 'kan', 'might', 'should', 'moet', 'me', 'mezelf', 'myself']);

/** Someone jumping from a place where it kills: the writer (not their dog), by the words just before. */
function selfJumps(s: Signals): Place | undefined {
  for (const j of s.positions('JUMP')) {
    const place = s.placeAt(j);
    if (!s.near(place, 'PLACE', 8)) continue;
    if ([s.token(j - 1), s.token(j - 2)].some((t) => t !== undefined && JUMPER.has(t))) return place;
  }
  return undefined;
}

/** A means acquired or readied, with a death wish somewhere in the message; a lethal one (rope, gun, blade) by itself unless its use is plainly harmless. */
const means: Detector = (s) => {
  const lethal = s.together(['MEANS_LETHAL', 'ACQUIRE'], 1) ?? s.together(['MEANS_LETHAL', 'NOW']);
  if (lethal && !s.has('BENIGN_USE') && !s.inSentence(lethal.sentence, 'NEGATION')) {
    const inHand =
      s.positions('ACQUIRE').some((p) => /^(?:holding|vast|in|tied|vastgeknopt|geknopt|is|hangt|loaded|geladen|next|naast|on|op)$/.test(s.token(p) ?? '')) ||
      s.positions('NOW').some((p) => SOON.test(s.token(p) ?? '') && s.token(p) !== 'vandaag');
    return find('suicide', 'suicide.means', inHand ? 'imminent' : 'high', lethal);
  }
  const enough = s.together(['PILLS', 'ENOUGH'], 1) ?? (hoarding(s) ? s.together(['PILLS', 'ACQUIRE', 'QUANTITY']) : undefined);
  if (enough && !s.inSentence(enough.sentence, 'ROUTINE')) return find('suicide', 'suicide.means', 'high', enough);
  const ready = s.together(['MEANS', 'ACQUIRE']) ?? s.together(['MEANS', 'NOW']);
  if (ready && (s.has('DIE') || s.has('SUICIDE') || s.has('TIRED_OF_LIFE') || s.has('FAREWELL_STRONG') || s.has('BURDEN') || s.together(['KILL', 'REFLEXIVE']))) {
    return find('suicide', 'suicide.means', 'imminent', ready);
  }
  return undefined;
};

// ——— Self-harm ————————————————————————————————————————————————————————————

/** cut myself, mezelf snijden, mezelf iets aandoen, hurt myself. */
const hurtSelf: Detector = (s) => find('self_harm', 'self-harm.hurt-self', 'high', s.together(['HURT', 'REFLEXIVE']));

/** Cutting, burning or hitting one's own body: my arm, mijn polsen. */
const ACHE = new Set(['pijn', 'hurts', 'hurting', 'hurt', 'harm', 'bang', 'hit']);

const hurtBody: Detector = (s) => {
  const acts = s.positions('HURT').filter((p) => !ACHE.has(s.token(p) ?? '') && s.near(s.placeAt(p), 'SELF', 4) && s.near(s.placeAt(p), 'SH_BODY', 6));
  const at = acts.length > 0 ? s.placeAt(acts[0]!) : (s.together(['MEANS', 'SH_BODY', 'SELF', 'AGAIN']) ?? s.together(['MEANS', 'SH_BODY', 'HURT']));
  return at && !s.has('OTHER_ACTOR') ? find('self_harm', 'self-harm.body', 'high', at) : undefined;
};

/** Self-harm named (zelfbeschadiging, sh), or an urge to cut, or doing it again. */
const selfHarmNamed: Detector = (s) => {
  const named = s.positions('HURT').find((p) => /^(?:selfharm|zelfbeschadig|zelfverwond|sh$)/.test(s.token(p) ?? ''));
  if (named !== undefined) return find('self_harm', 'self-harm.named', 'high', s.placeAt(named));
  const urge = s.ordered('FEAR', 'HURT', 5) ?? s.ordered('WANT', 'HURT', 4);
  if (urge && s.near(urge, 'SELF', 6) && !s.near(urge, 'OTHER', 6)) return find('self_harm', 'self-harm.urge', 'high', urge);
  const again = s.together(['SELF', 'HURT', 'AGAIN']);
  if (again && !s.has('OTHER_ACTOR')) return find('self_harm', 'self-harm.again', 'high', again);
  return undefined;
};

/** A wound that will not stop bleeding. */
const wound: Detector = (s) => {
  const nonstop = s.together(['BLOOD', 'BLEED_NONSTOP'], 1) ?? (s.has('HURT') ? s.first('BLEED_NONSTOP') : undefined);
  if (nonstop && !s.has('OTHER_ACTOR')) return find('self_harm', 'self-harm.wound', 'imminent', nonstop);
  const bleeding = s.together(['BLOOD', 'HURT'], 1);
  if (bleeding && (s.has('SELF') || s.has('REFLEXIVE'))) return find('self_harm', 'self-harm.wound', /dep|diep|stop|stitch|hecht|gush|guts/.test(s.token(s.positions('BLOOD')[0]!) ?? '') || s.has('DANGER') ? 'imminent' : 'high', bleeding);
  return undefined;
};

// ——— Overdose ——————————————————————————————————————————————————————————————

/** Overdose named, with the writer as its subject or intent. */
const overdoseNamed: Detector = (s) => {
  const at = s.first('OVERDOSE');
  if (!at) return undefined;
  const word = s.token(at.at) ?? '';
  const explicit = /^(?:overdos|od|oded|oding|ods|zelfvergiftig)/.test(word);
  if (explicit && (s.has('SELF') || s.has('WANT') || s.has('TAKE') || s.has('TAKE_PAST'))) return find('overdose', 'overdose.named', 'high', at);
  return undefined;
};

/** A quantity of a substance taken (or about to be): "took 30 of my pills", "een hele strip". */
const quantity: Detector = (s) => {
  // A count taken is never routine ("took 20 of the pills my doctor gave me").
  const taken = s.together(['TAKE_PAST', 'PILLS', 'QUANTITY']) ?? s.together(['TAKE_PAST', 'PILLS', 'OVERDOSE']) ?? s.together(['PILLS', 'QUANTITY', 'NOW']);
  if (taken && !s.inSentence(taken.sentence, 'NEG_STRONG')) return find('overdose', 'overdose.quantity', 'imminent', taken);
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

const mixing: Detector = (s) => {
  // Two named substances (an opioid and a benzodiazepine, say) taken together.
  const named = [...new Set(s.positions('PILLS').map((p) => s.token(p) ?? '').filter((t) => t.length > 1 && !GENERIC.test(t)))];
  if (named.length >= 2 && s.has('TAKE_PAST') && !s.together(['ROUTINE', 'PILLS'])) return find('overdose', 'overdose.mixing', 'imminent', s.first('PILLS'));
  const mixed = s.together(['PILLS', 'ALCOHOL'], 1);
  if (!mixed || s.inSentence(mixed.sentence, 'QUESTION') && !s.has('TAKE_PAST')) return undefined;
  if (s.has('TAKE_PAST') || s.has('DANGER') || s.has('UNCONSCIOUS')) return find('overdose', 'overdose.mixing', 'imminent', mixed);
  if (s.has('TAKE') || s.has('WANT') || s.has('QUANTITY')) return find('overdose', 'overdose.mixing', 'high', mixed);
  return undefined;
};

/** Breathing failing, cannot be woken, blue lips: in the writer or someone with them, after using. */
const dangerSigns: Detector = (s) => {
  const substance = s.has('PILLS') || s.has('ALCOHOL') || s.has('OVERDOSE') || s.has('TAKE_PAST');
  const breathing = s.together(['BREATH', 'BREATH_FAIL']);
  const unconscious = s.first('UNCONSCIOUS') ?? s.together(['WAKE', 'NEGATION']);
  const blue = s.together(['BLUE', 'BODY']);
  const numb = s.first('NUMB') ?? (s.has('TAKE_PAST') && !s.has('ROUTINE') ? s.first('DANGER') : undefined);
  const sign = breathing ?? unconscious ?? blue;
  // These signs are phrased as negations ("can't wake him", "reageert niet"): negation does not lower them.
  if (sign && (substance || s.has('OTHER_ACTOR') || s.has('OTHER'))) return find('overdose', 'overdose.danger-signs', 'imminent', sign, true);
  if (numb && substance) return find('overdose', 'overdose.danger-signs', 'imminent', numb, true);
  if (unconscious && (s.has('DANGER') || s.has('HELP_NOW'))) return find('overdose', 'overdose.danger-signs', 'high', unconscious, true);
  return undefined;
};

/** Saving up, hiding, laying out: acquiring as a preparation, not a purchase. */
const hoarding = (s: Signals) =>
  s.positions('ACQUIRE').some((p) => /^(?:sav|stockpil|hoard|gespard|spar|verzamel|opgespard|bewar|colect|gather|hid|stash|verstopt|klargelegd|klargezet|laid|lined|counted|geteld|uitgestald)/.test(s.token(p) ?? ''));

/** "I'll just take everything and then it's over", "expres te veel gebruiken zodat het stopt". */
const takeEverything: Detector = (s) => {
  const all = s.together(['TAKE', 'QUANTITY']) ?? s.together(['TAKE', 'OVERDOSE']) ?? s.together(['WANT', 'OVERDOSE']);
  if (all && (s.has('TIRED_OF_LIFE') || s.has('END') || s.has('DIE') || s.has('DO_IT')) && !s.inSentence(all.sentence, 'QUESTION')) return find('overdose', 'overdose.intent', 'high', all);
  return undefined;
};

/** Saving pills up, wanting to take everything. */
const stockpile: Detector = (s) => {
  const saved = s.together(['PILLS', 'ACQUIRE']);
  return saved && hoarding(s) ? find('overdose', 'overdose.stockpile', 'high', saved) : undefined;
};

// ——— Harm to others ————————————————————————————————————————————————————————

/** I will kill him, ik ga hem vermoorden, I'm going to stab my ex. */
const SUBJECT_I = new Set(['i', 'ik', 'k', 'im', 'il', 'id', 'ima', 'imma', 'gona', 'wana']);

const threatOthers: Detector = (s) => {
  const intent = s.ordered('WANT', 'KILL', 5) ?? s.ordered('WANT', 'VIOLENCE', 5) ?? s.ordered('SELF', 'KILL', 4);
  if (!intent || s.near(intent, 'REFLEXIVE', 6)) return undefined;
  // The writer as the one who would do it ("I'm going to…", "ik ga…"), not "my mum's going to kill me".
  const byMe = [1, 2, 3, 4].some((k) => SUBJECT_I.has(s.token(intent.at - k) ?? '')) || SUBJECT_I.has(s.token(intent.at) ?? '') || [1, 2].some((k) => SUBJECT_I.has(s.token(intent.at + k) ?? ''));
  const onMe = s.positions('KILL').concat(s.positions('VIOLENCE')).some((p) => ['me', 'mij'].includes(s.token(p + 1) ?? '') || ['me', 'mij'].includes(s.token(p - 1) ?? ''));
  if (!byMe || onMe) return undefined;
  if (!s.near(intent, 'OTHER', 7) && !s.near(intent, 'CHILD', 7)) return undefined;
  const armed = s.has('MEANS') || s.has('WEAPON_USE');
  return find('harm_to_others', 'harm-to-others.threat', armed ? 'imminent' : 'high', intent);
};

/** Afraid of hurting one's own child or partner. */
const urgeViolence: Detector = (s) => {
  const fear = s.first('FEAR');
  if (!fear) return undefined;
  const target = s.together(['FEAR', 'CHILD'], 1) ?? s.together(['FEAR', 'OTHER'], 1);
  if (target && (s.has('HURT') || s.has('VIOLENCE') || s.has('KILL')) && s.has('SELF') && !s.has('OTHER_ACTOR')) return find('harm_to_others', 'harm-to-others.urge', 'high', target);
  return undefined;
};

// ——— Abuse ————————————————————————————————————————————————————————————————

// Tokens arrive with runs of a letter collapsed ("been" is "ben"), so these are collapsed too.
const PASSIVE = new Set(['being', 'been', 'got', 'get', 'gets', 'was', 'were', 'getting', 'word', 'wordt', 'werd', 'ben', 'worden', 'krijg', 'kreeg', 'gekregen', 'net'].map(collapse));
const OBJECT_ME = new Set(['me', 'mij', 'my', 'mn', 'mijn', 'us', 'ons']);

/** He hits me, hij slaat me, I am being beaten, ik word geslagen. */
const hurtByOther: Detector = (s) => {
  for (const v of s.positions('VIOLENCE')) {
    const place = s.placeAt(v);
    const before = [s.token(v - 1), s.token(v - 2), s.token(v - 3)];
    const passive = before.some((t) => t !== undefined && PASSIVE.has(t)) && (s.near(place, 'SELF', 4) || s.near(place, 'CHILD', 4));
    // Someone, then me (between them and the verb, as Dutch has it, or right after it): "hij heeft me geslagen", "he hit me".
    const actor = s.positions('OTHER_ACTOR').find((p) => p < v && v - p <= 6);
    const objectAt = (q: number) => OBJECT_ME.has(s.token(q) ?? '');
    const actorOnMe = actor !== undefined && ([v + 1, v + 2, v + 3].some(objectAt) || Array.from({ length: v - actor - 1 }, (_, k) => actor + 1 + k).some((q) => objectAt(q) && q + 1 !== actor));
    if (passive || actorOnMe) return find('abuse', 'abuse.hurt-by-other', 'high', place);
  }
  return undefined;
};

/** Threatened with death or a weapon. */
const threatened: Detector = (s) => {
  const threat = s.positions('VIOLENCE').find((p) => /^(?:threat|bedreig|dreig)/.test(s.token(p) ?? ''));
  if (threat !== undefined && (s.has('KILL') || s.has('MEANS') || s.has('SELF'))) return find('abuse', 'abuse.threatened', s.has('MEANS') || s.has('KILL') ? 'imminent' : 'high', s.placeAt(threat));
  const killMe = s.ordered('OTHER_ACTOR', 'KILL', 6);
  // "says he'll kill me", with a knife: not "my mum's going to kill me when she sees the car".
  const meant = s.has('MEANS') || s.has('DANGER_NOW') || s.positions('OTHER_ACTOR').some((p) => /^(?:says|said|zegt|zei|told|tels|swears|zweert|dreigt|screams|scream|schreeuwt)$/.test(s.token(p + 1) ?? ''));
  if (killMe && meant && s.near(killMe, 'SELF', 8) && !s.near(killMe, 'REFLEXIVE', 8)) return find('abuse', 'abuse.threatened', 'imminent', killMe);
  return undefined;
};

/** A child being hurt, or in danger from an adult who is drunk, high or violent. */
const childInDanger: Detector = (s) => {
  const hurt = s.together(['CHILD', 'VIOLENCE'], 1);
  if (hurt && !s.together(['FEAR', 'SELF'])) return find('abuse', 'abuse.child', 'high', hurt);
  const neglect = s.together(['CHILD', 'ALCOHOL', 'OTHER_ACTOR'], 1) ?? s.together(['CHILD', 'PILLS', 'OTHER_ACTOR'], 1) ?? s.together(['CHILD', 'UNCONSCIOUS'], 1);
  return find('abuse', 'abuse.child', 'high', neglect);
};

/** Hiding, locked in, the door being battered, phone taken: danger from someone now. */
const dangerNow: Detector = (s) => {
  const now = s.together(['DANGER_NOW', 'OTHER_ACTOR'], 1);
  if (now && (s.has('VIOLENCE') || s.has('MEANS') || s.has('KILL') || s.has('FEAR'))) return find('abuse', 'abuse.danger-now', 'imminent', now);
  return undefined;
};

/** Locked in, phone or passport taken, not allowed out. */
const coercion: Detector = (s) => {
  const at = s.first('COERCION');
  return at && (s.has('SELF') || s.has('OTHER_ACTOR')) ? find('abuse', 'abuse.coercion', s.has('NOW') || s.has('VIOLENCE') ? 'imminent' : 'high', at) : undefined;
};

/** Young children left alone for hours. */
const childAlone: Detector = (s) => {
  const alone = s.positions('ALONE').find((p) => ['uren', 'hours', 'left', 'urenlang'].includes(s.token(p) ?? ''));
  return alone !== undefined && s.has('CHILD') ? find('abuse', 'abuse.child', 'high', s.placeAt(alone)) : undefined;
};

/** Raped, assaulted, aangerand. */
const sexualViolence: Detector = (s) => {
  const at = s.positions('VIOLENCE').find((p) => /^(?:rape|raped|asault|molest|verkracht|anrand|betast|misbruik)/.test(s.token(p) ?? ''));
  return at === undefined || !(s.has('SELF') || s.has('CHILD')) ? undefined : find('abuse', 'abuse.sexual', 'high', s.placeAt(at));
};

const DETECTORS: Detector[] = [
  suicideWords,
  killSelf,
  plan,
  notThereAnymore,
  betterDead,
  doItNow,
  wantDeath,
  notLive,
  endLife,
  passiveWish,
  forGood,
  burden,
  farewell,
  place,
  means,
  hurtSelf,
  hurtBody,
  selfHarmNamed,
  wound,
  overdoseNamed,
  quantity,
  mixing,
  dangerSigns,
  stockpile,
  takeEverything,
  threatOthers,
  urgeViolence,
  hurtByOther,
  threatened,
  childInDanger,
  dangerNow,
  coercion,
  childAlone,
  sexualViolence,
];

/** Every situation the message describes; suicide and self-harm rise to imminent with time, place or means. */
export function detectSituations(s: Signals): Finding[] {
  const urgent = urgency(s);
  const findings: Finding[] = [];
  for (const detect of DETECTORS) {
    const finding = detect(s);
    if (!finding) continue;
    findings.push(imminentIf(s, finding, ...urgent)!);
  }
  return findings;
}

const CUES = ['PILLS', 'MEANS', 'MEANS_LETHAL', 'PLACE', 'FAREWELL', 'FAREWELL_STRONG', 'GONE', 'ARRANGE', 'ACQUIRE', 'DO_IT', 'ALONE', 'TAKE_PAST', 'QUANTITY', 'JUMP', 'PLAN'];

/** Whether earlier messages could complete this one: it names a time, a means, a place, a farewell. */
export function hasContextCue(s: Signals): boolean {
  return CUES.some((c) => s.has(c)) || s.positions('NOW').some((p) => SOON.test(s.token(p) ?? ''));
}

/** The concepts detectors read: a lexicon without one of them cannot be used. */
export const REQUIRED_CONCEPTS = [
  'SELF', 'REFLEXIVE', 'OTHER', 'OTHER_ACTOR', 'KILL', 'SUICIDE', 'DIE', 'WANT', 'END', 'LIFE', 'NOT_ANYMORE', 'NEGATION', 'PILLS', 'ALCOHOL',
  'QUANTITY', 'TAKE_PAST', 'TAKE', 'OVERDOSE', 'BREATH', 'BREATH_FAIL', 'WAKE', 'UNCONSCIOUS', 'BLUE', 'BODY', 'DANGER', 'MEANS', 'ACQUIRE',
  'PLACE', 'JUMP', 'PRESENT', 'FAREWELL', 'FAREWELL_STRONG', 'GONE', 'ARRANGE', 'NOW', 'HURT', 'BLOOD', 'VIOLENCE', 'CHILD', 'DANGER_NOW',
  'WEAPON_USE', 'HOPELESS', 'TIRED_OF_LIFE', 'NEG_STRONG', 'BURDEN', 'SH_BODY', 'AGAIN', 'FEAR', 'QUESTION', 'ROUTINE', 'PLAN', 'ENOUGH',
  'ALONE', 'DO_IT', 'COERCION', 'BLEED_NONSTOP', 'BETTER', 'NUMB', 'HELP_NOW', 'MEANS_LETHAL', 'BENIGN_USE', 'FOREVER', 'FINISHED',
] as const;
