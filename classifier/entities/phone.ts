/** Phone numbers as written → E.164, for the phone contacts and their comparison with labels. */

/** The ASCII digits of `text`, as `text.replace(/\D/g, '')` gives them (a loop: the regex costs ~1 µs). */
function asciiDigits(text: string): string {
  let digits = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits += text.charAt(i);
  }
  return digits;
}

const INTERNATIONAL = /^\s*(?:\+|00)/;

/** E.164 of a phone number written with ASCII digits. */
function e164(phone: string): string {
  const zero = phone.indexOf('(0)'); // "+32 (0)470…": the trunk zero is not dialled from abroad
  let digits = asciiDigits(zero < 0 ? phone : phone.slice(0, zero) + phone.slice(zero + 3));
  if (INTERNATIONAL.test(phone)) return `+${digits.startsWith('00') ? digits.slice(2) : digits}`;
  if (digits.startsWith('0')) digits = digits.slice(1);
  if (digits.length === 9 && digits.startsWith('6')) return `+31${digits}`;
  return `+32${digits}`;
}

// NFKC folds compatibility digits and signs ("＋３２ ４７５…" → "+32 475…"), as the normalised text does.
const foldCompatibility = (raw: string): string => raw.normalize('NFKC');

/** Phone number → E.164 (Belgian by default; a 10-digit 06 number is Dutch; full-width digits count). */
export function phoneToE164(raw: string): string {
  return e164(foldCompatibility(raw));
}

/** A phone's E.164 if it has six digits or more, else the handle it is ("signal: @x"), lower-cased. */
export function phoneOrHandle(value: string): string {
  const phone = foldCompatibility(value);
  return asciiDigits(phone).length >= 6 ? e164(phone) : value.toLowerCase().replace(/^@/, '');
}
