import { z } from 'zod';

/** What the classifier can flag. */
export const signalLabelSchema = z.enum(['market', 'production']);
export type SignalLabel = z.infer<typeof signalLabelSchema>;

/** Contact types that are messaging apps (a handle or a number to write to there). */
export const MESSENGER_TYPES = [
  'telegram',
  'snapchat',
  'signal',
  'whatsapp',
  'wickr',
  'session',
  'threema',
  'instagram',
] as const;

export const contactTypeSchema = z.enum(['phone', ...MESSENGER_TYPES, 'email', 'url', 'btc', 'xmr']);
export type ContactType = z.infer<typeof contactTypeSchema>;

/** A contact point found in a text: `value` as written, `normalized` comparable across listings. */
export const contactSchema = z.object({
  type: contactTypeSchema,
  value: z.string(),
  normalized: z.string(),
});
export type Contact = z.infer<typeof contactSchema>;

/** A character range in `title + "\n" + text` (the classifier's input), for highlighting. */
export const spanSchema = z.object({ start: z.number().int(), end: z.number().int() });
export type Span = z.infer<typeof spanSchema>;

/** One reason behind a score: a lexicon hit or a model feature, with its weight. */
export const explanationItemSchema = z.object({
  label: signalLabelSchema,
  feature: z.string(),
  weight: z.number(),
  spans: z.array(spanSchema),
});
export type ExplanationItem = z.infer<typeof explanationItemSchema>;

export const priceSchema = z.object({
  value: z.string(),
  amountEur: z.number(),
  quantity: z.string().nullable(),
  eurPerGram: z.number().nullable(),
});
export type Price = z.infer<typeof priceSchema>;

/** The classifier's verdict on one text. */
export const classificationSchema = z.object({
  labels: z.array(signalLabelSchema),
  scores: z.object({ market: z.number(), production: z.number() }),
  substances: z.array(z.string()),
  commune: z.string().nullable(),
  contacts: z.array(contactSchema),
  prices: z.array(priceSchema),
  language: z.string(),
  explanation: z.array(explanationItemSchema),
  modelVersion: z.string(),
});
export type Classification = z.infer<typeof classificationSchema>;

/** What the classifier reads. */
export interface ClassifierInput {
  id?: string;
  title?: string;
  text: string;
}

/** A pure text classifier: text in, signals out. */
export interface Classifier {
  readonly version: string;
  classify(input: ClassifierInput): Classification;
}
