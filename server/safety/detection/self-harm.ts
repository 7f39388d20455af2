/** Detectors of self-harm: acts, urges, wounds. */
import { find, type Detector } from './finding.js';

/** cut myself, mezelf snijden, mezelf iets aandoen, hurt myself. */
export const hurtSelf: Detector = (s) => find('self_harm', 'self-harm.hurt-self', 'high', s.together(['HURT', 'REFLEXIVE']));

/** Cutting, burning or hitting one's own body: my arm, mijn polsen. */
const THEIRS = new Set(['haar', 'zijn', 'zn', 'dr', 'his', 'her', 'their', 'hun']);
const ACHE = new Set(['pijn', 'hurts', 'hurting', 'hurt', 'harm', 'bang', 'hit']);

export const hurtBody: Detector = (s) => {
  // Someone else's arms ("krast in haar armen") are not the writer's.
  const theirs = (p: number) => s.positions('SH_BODY').some((b) => Math.abs(b - p) <= 6 && THEIRS.has(s.token(b - 1) ?? ''));
  const acts = s.positions('HURT').filter((p) => !ACHE.has(s.token(p) ?? '') && s.near(s.placeAt(p), 'SELF', 4) && s.near(s.placeAt(p), 'SH_BODY', 6) && !theirs(p));
  const at = acts.length > 0 ? s.placeAt(acts[0]!) : (s.together(['MEANS', 'SH_BODY', 'SELF', 'AGAIN']) ?? s.together(['MEANS', 'SH_BODY', 'HURT']));
  return at && !s.has('OTHER_ACTOR') ? find('self_harm', 'self-harm.body', 'high', at) : undefined;
};

/** Self-harm named (zelfbeschadiging, sh), or an urge to cut, or doing it again. */
export const selfHarmNamed: Detector = (s) => {
  const named = s.positions('HURT').find((p) => /^(?:selfharm|zelfbeschadig|zelfverwond|sh$)/.test(s.token(p) ?? ''));
  if (named !== undefined) return find('self_harm', 'self-harm.named', 'high', s.placeAt(named));
  const urge = s.ordered('FEAR', 'HURT', 5) ?? s.ordered('WANT', 'HURT', 4);
  if (urge && s.near(urge, 'SELF', 6) && !s.near(urge, 'OTHER', 6)) return find('self_harm', 'self-harm.urge', 'high', urge);
  const again = s.together(['SELF', 'HURT', 'AGAIN']);
  if (again && !s.has('OTHER_ACTOR')) return find('self_harm', 'self-harm.again', 'high', again);
  return undefined;
};

/** A wound that will not stop bleeding. */
export const wound: Detector = (s) => {
  const nonstop = s.together(['BLOOD', 'BLEED_NONSTOP'], 1) ?? (s.has('HURT') ? s.first('BLEED_NONSTOP') : undefined);
  if (nonstop && !s.has('OTHER_ACTOR')) return find('self_harm', 'self-harm.wound', 'imminent', nonstop);
  const bleeding = s.together(['BLOOD', 'HURT'], 1);
  if (bleeding && (s.has('SELF') || s.has('REFLEXIVE'))) return find('self_harm', 'self-harm.wound', /dep|diep|stop|stitch|hecht|gush|guts/.test(s.token(s.positions('BLOOD')[0]!) ?? '') || s.has('DANGER') ? 'imminent' : 'high', bleeding);
  return undefined;
};
