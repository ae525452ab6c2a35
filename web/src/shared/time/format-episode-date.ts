/**
 * An episode's date (ISO `YYYY-MM-DD`, a calendar day with no time zone) as the reader's
 * language writes it: "20 mai 2026", "May 20, 2026". Anything else is shown as stored.
 */
export function formatEpisodeDate(date: string, locale: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return date;
  const day = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(day.getTime())) return date;
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(day);
  } catch {
    return date;
  }
}
