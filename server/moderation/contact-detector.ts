/**
 * Finds contact details in a message: the classic way a conversation moves off the platform,
 * and with it out of reach of the program's safeguards. English and Dutch, including simple
 * obfuscations. Ordinary numbers (dates, times, prices, dosages, counts, crisis lines) are not
 * contact details.
 */
export type ContactFinding = 'phone' | 'email' | 'link' | 'handle';

// Every quantifier is bounded and nothing starts with an unanchored run, so each scan is linear in the text.
const BRACKETED = (words: string) => new RegExp(`[ \\t]{0,3}[\\[({<][ \\t]{0,3}(?:${words})[ \\t]{0,3}[\\])}>][ \\t]{0,3}`, 'gi');
const AT_WORDS = 'at|apenstaartje|a';
const DOT_WORDS = 'dot|punt|period';

// Built once: deobfuscate runs on every message.
const BRACKETED_AT = BRACKETED(AT_WORDS);
const BRACKETED_DOT = BRACKETED(DOT_WORDS);
const SPELLED_OUT = /\b([\w.+-]{1,64})\s{1,3}(?:at|apenstaartje)\s{1,3}([\w-]{1,63})\s{1,3}(?:dot|punt)\s{1,3}([a-z]{2,6})\b/gi;
// What SPELLED_OUT cannot match without: a cheap look first spares most messages its backtracking.
const SPELLED_AT = /\s(?:at|apenstaartje)\s/i;
const SPELLED_DOT = /\s(?:dot|punt)\s/i;

/** Undoes `name [at] mail [dot] com`, `naam (apenstaartje) mail (punt) nl` and `name at mail dot com`. */
function deobfuscate(text: string): string {
  let t = text.replace(BRACKETED_AT, '@').replace(BRACKETED_DOT, '.');
  // Spelled out without brackets: only in the shape of an address ("x at y dot com").
  if (SPELLED_AT.test(t) && SPELLED_DOT.test(t)) t = t.replace(SPELLED_OUT, '$1@$2.$3');
  return t;
}

const EMAIL = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}/;

const MESSENGER_LINK =
  /\b(?:wa\.me|api\.whatsapp\.com|chat\.whatsapp\.com|t\.me|telegram\.(?:me|dog)|signal\.me|discord\.gg|discord(?:app)?\.com\/(?:invite|users)|(?:www\.)?(?:instagram|facebook|fb|snapchat|tiktok|twitter|x|linkedin|threads|m\.me|kik)\.(?:com|me|net)\/\S+|fb\.me\/\S+|m\.me\/\S+)/i;

const PLATFORMS = 'insta(?:gram)?|ig|snap(?:chat)?|telegram|tiktok|twitter|discord|signal|whats\\s?app|kik|threema|wickr|facebook|fb|linkedin';
// "insta: @jake", "snap is jake_88", "my telegram = lisa_nl", "discord: name#1234"
const PLATFORM_HANDLE = new RegExp(`\\b(?:${PLATFORMS})\\b\\s{0,3}(?::|=|is|-)\\s{0,3}@?[A-Za-z0-9_][A-Za-z0-9_.#]{2,31}`, 'i');
// "@jake_88" where the message is about adding or following someone off the platform
const SHARING_WORDS = new RegExp(
  `\\b(?:${PLATFORMS}|add me|follow me|dm me|message me|text me|volg me|voeg me toe|stuur me|app me|my handle|mijn account|my account)\\b`,
  'i',
);
const AT_HANDLE = /(?:^|[\s(])@[A-Za-z0-9_][A-Za-z0-9_.]{2,29}\b/;

// A run of digits with the separators people put in phone numbers.
const DIGIT_RUN = /(?:\+|\b00|\b)\d[\d\s().\/-]{5,24}\d/g;
const US_GROUPING = /^\(?\d{3}\)?[\s.-]+\d{3}[\s.-]+\d{4}$/;

function looksLikePhone(candidate: string): boolean {
  const trimmed = candidate.trim();
  const digits = trimmed.replace(/\D/g, '');
  // A run that is really two or more things ("2019-2023", "10:30") has a range shape: leave it.
  if (trimmed.startsWith('+')) return digits.length >= 8 && digits.length <= 15;
  if (trimmed.startsWith('00')) return digits.length >= 11 && digits.length <= 15;
  // Dutch numbers: ten digits starting with 0 (06-12345678, 020 123 4567, 0031 handled above).
  if (digits.startsWith('0')) return digits.length === 10 && !/^0[\d]{1,3}[./]\d{1,2}[./]\d{2,4}$/.test(trimmed);
  return US_GROUPING.test(trimmed);
}

/** What is read of a very long message: its head and its tail. */
export const CONTACT_SCAN_HEAD = 16_000;
export const CONTACT_SCAN_TAIL = 4_000;

const NON_ASCII = /[^\x00-\x7f]/;

export function detectContactDetails(text: string): ContactFinding[] {
  const findings = new Set<ContactFinding>();
  const scanned = text.length <= CONTACT_SCAN_HEAD + CONTACT_SCAN_TAIL ? text : `${text.slice(0, CONTACT_SCAN_HEAD)}\n${text.slice(-CONTACT_SCAN_TAIL)}`;
  // ASCII is its own NFKC form.
  const plain = deobfuscate(NON_ASCII.test(scanned) ? scanned.normalize('NFKC') : scanned);
  if (plain.includes('@') && EMAIL.test(plain)) findings.add('email');
  if (MESSENGER_LINK.test(plain)) findings.add('link');
  if (PLATFORM_HANDLE.test(plain) || (SHARING_WORDS.test(plain) && AT_HANDLE.test(plain.replace(EMAIL, ' ')))) findings.add('handle');
  for (const match of plain.matchAll(DIGIT_RUN)) {
    if (looksLikePhone(match[0])) {
      findings.add('phone');
      break;
    }
  }
  return [...findings].sort();
}
