// Intl formatters are costly to build: one of each per process.
const FRENCH = new Intl.DateTimeFormat('fr-BE', {
  timeZone: 'Europe/Brussels',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const HOUR_MINUTE = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Brussels',
  hour: '2-digit',
  minute: '2-digit',
});

/** Dates as the French-speaking demo sites print them: "24/11/2026 18:05" (Brussels time). */
export function frenchDate(date: Date): string {
  return FRENCH.format(date);
}

/** "18:05" in Brussels time, as Telegram shows under a message. */
export function hourMinute(date: Date): string {
  return HOUR_MINUTE.format(date);
}

/** ISO 8601 with an explicit offset, as in `<time datetime>`: "2026-11-24T18:05:00+00:00". */
export function isoDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}
