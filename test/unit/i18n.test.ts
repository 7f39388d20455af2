import { describe, expect, it } from 'vitest';
import { dictionaries } from '../../client/web/src/i18n/dictionaries.js';

type Dictionary = Record<string, string>;

const placeholders = (text: string): string[] => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort();

/** Everything wrong between the English dictionary and a translation, as readable lines. */
function problems(en: Dictionary, other: Dictionary): string[] {
  const out: string[] = [];
  for (const key of Object.keys(en)) if (!(key in other)) out.push(`missing in translation: ${key}`);
  for (const key of Object.keys(other)) if (!(key in en)) out.push(`not in English: ${key}`);
  for (const [name, dictionary] of [['en', en], ['translation', other]] as const) {
    for (const [key, text] of Object.entries(dictionary)) {
      if (typeof text !== 'string' || text.trim() === '') out.push(`empty in ${name}: ${key}`);
    }
  }
  for (const [key, text] of Object.entries(en)) {
    const translated = other[key];
    if (typeof translated !== 'string') continue;
    const want = placeholders(text);
    const have = placeholders(translated);
    for (const p of want) if (!have.includes(p)) out.push(`{${p}} missing in translation of ${key}`);
    for (const p of have) if (!want.includes(p)) out.push(`{${p}} in translation of ${key} but not in English`);
  }
  return out;
}

describe('the dictionaries', () => {
  it('has English and Dutch with exactly the same keys, no empty sentences, and the same placeholders', () => {
    expect(Object.keys(dictionaries).sort()).toEqual(['en', 'nl']);
    expect(problems(dictionaries.en, dictionaries.nl)).toEqual([]);
    expect(Object.keys(dictionaries.en).length).toBeGreaterThan(50);
  });

  it('would notice a missing or extra key, an empty sentence and a lost or invented placeholder', () => {
    const en = { a: 'Hello {name}', b: 'Bye', c: 'Wait {seconds} s' };
    expect(problems(en, { a: 'Hallo {naam}', b: '', d: 'Extra', c: 'Wacht {seconds} s {until}' }).sort()).toEqual(
      [
        'not in English: d',
        'empty in translation: b',
        '{name} missing in translation of a',
        '{naam} in translation of a but not in English',
        '{until} in translation of c but not in English',
      ].sort(),
    );
    expect(problems(en, { a: 'Hallo {name}', b: 'Doei' })).toEqual(['missing in translation: c']);
    expect(problems({ ...en, e: '  ' }, { ...en, e: 'x' })).toEqual(['empty in en: e']);
  });
});
