/** Prices and quantities in euros and grams ("10€/g", "100g = 450", "1kg 1.8k", "1200€"). */
import type { Price } from '../../domain/signal.ts';
import type { NormalisedText } from '../normalise.ts';
import { execAll } from './exec-all.ts';

/** A price with its range in the normalised text. */
export interface FoundPrice extends Price {
  start: number;
  end: number;
}

const NUM = String.raw`\d+(?:[.,]\d+)?`;
const EURO = String.raw`(?:€|eur(?:o|os)?\b|e\b|balles\b)`;
const GRAM = String.raw`(?:g|gr|grs|gram|grams|gramme|grammes)\b`;
const UNIT = String.raw`(?:mg|g|gr|grs|gram|grams|gramme|grammes|kg|kilo|kilos)\b`;
// "10€/g", "8/g", "10 le gramme", "9€ per gram"
const PER_GRAM_RE = new RegExp(
  String.raw`(?<![\d.,])(${NUM})(k)?\s?(${EURO})?\s?(?:/|le|la|per|par|au|the|a)\s?${GRAM}`,
  'g',
);
// "100g = 450", "5g 45", "1kg 1.8k", "10g pour 40€", "1kg €300"
const QTY_PRICE_RE = new RegExp(
  String.raw`(?<![\d.,])(${NUM})\s?(${UNIT})\s?(?:=|:|-|pour|voor|for|a|aan)?\s?(€\s?)?(${NUM})(k)?(?!\s?(?:${UNIT}|%|x|/|cm|m\b|w\b))(\s?${EURO})?`,
  'g',
);
// "1200€", "€ 300", "35 euros", "1.800€/maand"
const AMOUNT_RE = new RegExp(String.raw`(?<![\d.,])(?:(${NUM})(k)?\s?${EURO}|€\s?(${NUM})(k)?)`, 'g');

/** Parses "1.800" (thousands), "0,50" (decimal comma), with an optional "k" multiplier. */
export function parseAmount(raw: string, k?: string): number {
  let s = raw;
  if (/^\d{1,3}[.,]\d{3}$/.test(s)) s = s.replace(/[.,]/, '');
  else s = s.replace(',', '.');
  const v = Number(s);
  return k ? v * 1000 : v;
}

function grams(qty: number, unit: string): number | null {
  if (unit === 'mg') return null; // pills are dosed in mg, not sold by weight
  if (unit.startsWith('k')) return qty * 1000;
  return qty;
}

const round = (v: number): number => Math.round(v * 100) / 100;

function overlaps(found: readonly FoundPrice[], s: number, e: number): boolean {
  for (const p of found) if (s < p.end && e > p.start) return true;
  return false;
}

/** The original text a range of the normalised text came from. */
function valueOf(n: NormalisedText, original: string, s: number, e: number): string {
  return original.slice(n.starts[s], n.ends[e - 1]);
}

const byStart = (a: FoundPrice, b: FoundPrice): number => a.start - b.start;
const DIGIT = /\d/;

/** Finds prices; overlapping matches keep the most specific (per gram, then quantity = price, then amount). */
export function extractPrices(n: NormalisedText, original: string): FoundPrice[] {
  const out: FoundPrice[] = [];
  const t = n.text;
  if (!DIGIT.test(t)) return out; // every pattern starts at or holds a number
  for (const m of execAll(PER_GRAM_RE, t)) {
    const amount = parseAmount(m[1] as string, m[2]);
    const end = m.index + m[0].length;
    out.push({
      value: valueOf(n, original, m.index, end),
      amountEur: amount,
      quantity: '1g',
      eurPerGram: round(amount),
      start: m.index,
      end,
    });
  }
  for (const m of execAll(QTY_PRICE_RE, t)) {
    const end = m.index + m[0].length;
    if (overlaps(out, m.index, end)) continue;
    const qty = parseAmount(m[1] as string);
    const unit = m[2] as string;
    const amount = parseAmount(m[4] as string, m[5]);
    if (qty <= 0 || amount <= 0) continue;
    const g = grams(qty, unit);
    out.push({
      value: valueOf(n, original, m.index, end),
      amountEur: amount,
      quantity: `${m[1]}${unit}`,
      eurPerGram: g ? round(amount / g) : null,
      start: m.index,
      end,
    });
  }
  for (const m of execAll(AMOUNT_RE, t)) {
    const end = m.index + m[0].length;
    if (overlaps(out, m.index, end)) continue;
    const raw = (m[1] ?? m[3]) as string;
    out.push({
      value: valueOf(n, original, m.index, end),
      amountEur: parseAmount(raw, m[2] ?? m[4]),
      quantity: null,
      eurPerGram: null,
      start: m.index,
      end,
    });
  }
  return out.length > 1 ? out.sort(byStart) : out;
}
