/** Contact points (phones, messenger handles, e-mails, URLs, crypto addresses), as written and normalised. */
import type { Contact, ContactType } from '../../domain/signal.ts';
import { codeUnits, isAsciiAlnum } from '../char-class.ts';
import { originalSpan } from '../normalise.ts';
import type { NormalisedText } from '../normalise.ts';
import { emailRanges } from './email.ts';
import { execAll } from './exec-all.ts';
import { phoneOrHandle } from './phone.ts';

export { phoneToE164 } from './phone.ts';

/** A contact with its range in the original text. */
export interface FoundContact extends Contact {
  start: number;
  end: number;
}

const SEP = String.raw`[\s./-]?`;
const PHONE = String.raw`(?:(?:\+|00)\s?(?:32|31|33|49|44|352)${SEP}(?:\(0\)${SEP})?\d(?:${SEP}\d){7,9}|0\d(?:${SEP}\d){7,8})`;
const PHONE_AT = String.raw`(?<![\d+])${PHONE}(?![\d])`;
const MESSENGER_PHONE = String.raw`\b(signal|whatsapp|whats app|wa|wapp|wsp)\b(?=(\s*[:=]?\s*(?:\(|sur|op|on|via)?\s*)(${PHONE})(?!\d))`;
const HANDLE = String.raw`@?[a-z0-9_](?:[a-z0-9_.-]*[a-z0-9_])?`;
const KEYWORD_HANDLE = String.raw`\b(snapchat|snap|sc|emo_ghost|wickr(?:\s?me)?|threema(?:\s?id)?|telegram|tg|tlg|t g|insta|instagram|ig)\b(?=(\s*(:|=|->)?\s*)(${HANDLE}))`;
// One scan of the normalised text for the three: they never match at the same place nor inside
// one another's match (keywords are letters, phones digits and separators), so the alternation
// finds exactly the matches of three scans, for the price of about one.
const NORMALISED_RE = new RegExp(`${KEYWORD_HANDLE}|${MESSENGER_PHONE}|(${PHONE_AT})`, 'g');
const MESSENGER = 5; // the group of MESSENGER_PHONE's keyword (KEYWORD_HANDLE has groups 1–4)
const BARE_HANDLE_RE = /(?<![\w.@])@([a-z0-9_](?:[a-z0-9_.]*[a-z0-9_])?)/gi;
const TME_RE = /\b(?:https?:\/\/)?t\.me\/([a-z0-9_]{3,})/gi;
const SESSION_RE = /\b05[0-9a-f]{64}\b/gi;
const URL_RE =
  /\b(?:https?:\/\/[^\s<>"']+|www\.[^\s<>"']+|[a-z2-7]{16,56}\.onion\b[^\s<>"']*|(?:[a-z0-9-]+\.)+(?:be|com|net|org|eu|nl|fr|io|shop|store|ee|ly|link)\/[^\s<>"']*|(?:[a-z0-9-]+\.)+(?:be|com|eu|nl|org|shop)\b)/gi;
// URL_RE backtracks on long dotted runs ("a.ba.ba.b…": ~0.7 s for 20,000 characters); no address
// in a listing is that long, so only the first 512 characters of a chunk are searched.
const MAX_URL_CHUNK = 512;
const DOT_BETWEEN = /[a-z0-9-]\.[a-z2-7]/gi;
// The only characters whose lower case is longer (İ → i̇) or ASCII from non-ASCII (K → k): with
// neither, the case-insensitive patterns above match the original text where the lower-cased text
// would match them, at the same offsets, and the text need not be lower-cased.
const DOTTED_I = '\u0130';
const KELVIN = '\u212a';
const SPACE = /\s/;
const BTC_RE = /\b(?:bc1[02-9ac-hj-np-z]{25,87}|[13][1-9A-HJ-NP-Za-km-z]{25,34})\b/g;
// A module constant: tsx compiles a \p{…} literal inside a function into `new RegExp` per call.
const NAME_CASED = /^\p{Lu}\p{Ll}+$/u;
const XMR_RE = /\b[48][0-9AB][1-9A-HJ-NP-Za-km-z]{93}\b/g;

const NOT_HANDLES = new Set(
  'only ou or of en et and pour voor for naar uniquement enkel contact me moi direct dm mp pb via sur op on the le la de het een is ist ook aussi also account compte nieuw new insta instagram ig tg telegram snap snapchat wickr signal whatsapp session threema'.split(
    ' ',
  ),
);
const KEYWORD_TYPE: Record<string, ContactType> = {
  snapchat: 'snapchat',
  snap: 'snapchat',
  sc: 'snapchat',
  emo_ghost: 'snapchat',
  telegram: 'telegram',
  tg: 'telegram',
  tlg: 'telegram',
  tg_spaced: 'telegram',
  insta: 'instagram',
  instagram: 'instagram',
  ig: 'instagram',
};

function keywordType(keyword: string): ContactType {
  if (keyword.startsWith('wickr')) return 'wickr';
  if (keyword.startsWith('threema')) return 'threema';
  if (keyword === 't g') return 'telegram';
  return KEYWORD_TYPE[keyword] ?? 'telegram';
}

/** The comparable form of a contact value (also used to score extraction against labels). */
export function normalizeContact(type: ContactType, value: string): string {
  const v = value.trim();
  switch (type) {
    case 'phone':
    case 'signal':
    case 'whatsapp':
      return phoneOrHandle(v);
    case 'telegram':
      return `@${v
        .toLowerCase()
        .replace(/^(?:https?:\/\/)?t\.me\//, '')
        .replace(/^@/, '')}`;
    case 'threema':
      return v.toUpperCase();
    case 'btc':
    case 'xmr':
      return v;
    case 'url':
      return v
        .toLowerCase()
        .replace(/^https?:\/\//, '')
        .replace(/^www\./, '')
        .replace(/\/+$/, '');
    default:
      return v.toLowerCase().replace(/^@/, '');
  }
}

const RUN = 25;

/**
 * Whether the text has 25 ASCII letters or digits in a row (the gate for crypto addresses). Such a
 * run covers one of every 25 positions: probe those, and measure the run only around a probe.
 */
function hasLongRun(text: string): boolean {
  const units = codeUnits(text); // charCodeAt is slow once a class extends String (see codeUnits)
  for (let p = RUN - 1; p < text.length; p += RUN) {
    if (!isAsciiAlnum(units[p] as number)) continue;
    let start = p;
    while (start > 0 && isAsciiAlnum(units[start - 1] as number)) start--;
    let end = p + 1;
    while (end < text.length && end - start < RUN && isAsciiAlnum(units[end] as number)) end++;
    if (end - start >= RUN) return true;
  }
  return false;
}

/**
 * The whitespace-separated chunks with a dot between letters or digits, as `[offset, chunk]`:
 * found from the dot outwards, as a chunk-first pattern backtracks over every word.
 */
function dottedChunks(text: string): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  DOT_BETWEEN.lastIndex = 0;
  for (let m = DOT_BETWEEN.exec(text); m !== null; m = DOT_BETWEEN.exec(text)) {
    let start = m.index;
    while (start > 0 && !SPACE.test(text.charAt(start - 1))) start--;
    let end = m.index + 3;
    while (end < text.length && !SPACE.test(text.charAt(end))) end++;
    out.push([start, text.slice(start, end)]);
    DOT_BETWEEN.lastIndex = end;
  }
  return out;
}

/** Contacts found so far, and the original ranges they claim (a range is taken once). */
interface Collector {
  original: string;
  found: FoundContact[];
  claimed: number[];
}

/** Adds a contact found at `[start, end)` of the original text, unless that range is taken. */
function add(c: Collector, type: ContactType, start: number, end: number): void {
  if (end <= start) return;
  for (let k = 0; k < c.claimed.length; k += 2)
    if (!(end <= (c.claimed[k] as number) || start >= (c.claimed[k + 1] as number))) return;
  c.claimed.push(start, end);
  const value = c.original.slice(start, end);
  c.found.push({ type, value, normalized: normalizeContact(type, value), start, end });
}

// A digit written as a keycap emoji ("0️⃣4️⃣…6️⃣", a phone in disguise) is the digit, U+FE0F and U+20E3;
// normalising drops the last two, so a match ending at a digit takes them back.
const isKeycapMark = (u: number): boolean => u === 0xfe0f || u === 0x20e3;

/** Adds a contact found at `[s, e)` of the normalised text (a final keycap digit whole). */
function addNormalised(c: Collector, n: NormalisedText, type: ContactType, s: number, e: number): void {
  const span = originalSpan(n, s, e);
  let end = span.end;
  const last = n.text.charCodeAt(e - 1);
  if (last >= 48 && last <= 57)
    while (end < c.original.length && isKeycapMark(c.original.charCodeAt(end))) end++;
  add(c, type, span.start, end);
}

/** Handles written after a messenger keyword ("snap: x", "tg @x", "Threema ID"). */
function addHandles(c: Collector, n: NormalisedText, matches: RegExpExecArray[]): void {
  for (const m of matches) {
    const keyword = m[1] as string;
    const handle = m[4] as string;
    const type = keywordType(keyword);
    const bare = handle.replace(/^@/, '');
    if (NOT_HANDLES.has(bare) || bare.length < 3 || /^\d+$/.test(bare)) continue;
    if (type === 'threema' && !/^[a-z0-9]{8}$/.test(bare)) continue;
    // Without a colon or an @, "telegram"/"insta" are usually just words in a sentence.
    if (
      (type === 'telegram' || type === 'instagram') &&
      !m[3] &&
      !handle.startsWith('@') &&
      !/[\d_.]/.test(bare)
    )
      continue;
    const s = m.index + keyword.length + (m[2] as string).length;
    addNormalised(c, n, type, s, s + handle.length);
  }
}

/** NORMALISED_RE's matches: keywords before a handle, messengers before a phone, phones. */
interface NormalisedMatches {
  handles: RegExpExecArray[];
  messengerPhones: RegExpExecArray[];
  phones: RegExpExecArray[];
}

function scanNormalised(text: string): NormalisedMatches {
  const found: NormalisedMatches = { handles: [], messengerPhones: [], phones: [] };
  for (const m of execAll(NORMALISED_RE, text)) {
    if (m[1] !== undefined) found.handles.push(m);
    else if (m[MESSENGER] !== undefined) found.messengerPhones.push(m);
    else found.phones.push(m);
  }
  return found;
}

const byStart = (a: FoundContact, b: FoundContact): number => a.start - b.start;

/** Sorted by position, the first of each `type:normalized` kept. */
function distinct(found: FoundContact[]): FoundContact[] {
  if (found.length < 2) return found;
  const seen = new Set<string>();
  const out: FoundContact[] = [];
  for (const f of found.sort(byStart)) {
    const key = `${f.type}:${f.normalized}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(f);
  }
  return out;
}

/** Finds contacts; messenger keywords decide a phone's or a handle's type, bare @handles are Telegram. */
export function extractContacts(original: string, n: NormalisedText): FoundContact[] {
  const c: Collector = { original, found: [], claimed: [] };
  // Cheap gates first: most listings have no long alphanumeric run, no "@".
  const longRun = hasLongRun(original);
  const hasAt = original.includes('@');
  const hasDot = original.includes('.');
  // In the normalised text, where full-width digits ("０４７５") are ASCII: phones are found there.
  const normalised = scanNormalised(n.text);
  // The text for the case-insensitive patterns, at the original's offsets: İ and the Kelvin sign,
  // which /i does not fold to ASCII, become i and k (lower-casing İ would add a code unit).
  // `includes`, not a regex: a native search, ~100× cheaper on a listing.
  const cased =
    original.includes(DOTTED_I) || original.includes(KELVIN)
      ? original.replaceAll(DOTTED_I, 'i').replaceAll(KELVIN, 'k')
      : original;
  if (longRun) {
    for (const m of execAll(XMR_RE, original)) add(c, 'xmr', m.index, m.index + m[0].length);
    for (const m of execAll(BTC_RE, original))
      if (/\d/.test(m[0]) && /[a-z]/i.test(m[0])) add(c, 'btc', m.index, m.index + m[0].length);
    for (const m of execAll(SESSION_RE, cased)) add(c, 'session', m.index, m.index + m[0].length);
  }
  if (hasAt) {
    const emails = emailRanges(cased);
    for (let k = 0; k < emails.length; k += 2) add(c, 'email', emails[k] as number, emails[k + 1] as number);
  }
  // A t.me link holds "t.m", a dot between letters, and no whitespace: it lies in a dotted chunk.
  const chunks = hasDot ? dottedChunks(cased) : [];
  for (const [at, chunk] of chunks)
    for (const m of execAll(TME_RE, chunk)) add(c, 'telegram', at + m.index, at + m.index + m[0].length);
  for (const m of normalised.messengerPhones) {
    const keyword = m[MESSENGER] as string;
    const s = m.index + keyword.length + (m[MESSENGER + 1] as string).length;
    addNormalised(
      c,
      n,
      keyword === 'signal' ? 'signal' : 'whatsapp',
      s,
      s + (m[MESSENGER + 2] as string).length,
    );
  }
  addHandles(c, n, normalised.handles);
  if (hasAt)
    for (const m of execAll(BARE_HANDLE_RE, cased)) {
      const raw = original.slice(m.index + 1, m.index + m[0].length);
      if (NAME_CASED.test(raw)) continue; // "@Dries": a forum reply, not a handle
      // Telegram usernames cannot contain dots; dotted handles are Instagram's.
      add(c, raw.includes('.') ? 'instagram' : 'telegram', m.index, m.index + m[0].length);
    }
  // Only whitespace-separated chunks with a dot between letters can be URLs: test those alone.
  for (const [at, chunk] of chunks)
    for (const m of execAll(URL_RE, chunk.slice(0, MAX_URL_CHUNK))) {
      const url = m[0].replace(/[.,;:!?)]+$/, '');
      add(c, 'url', at + m.index, at + m.index + url.length);
    }
  for (const m of normalised.phones) addNormalised(c, n, 'phone', m.index, m.index + m[0].length);
  return distinct(c.found);
}
