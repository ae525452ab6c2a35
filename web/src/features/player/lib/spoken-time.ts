// What a screen reader says for a time on the slider, in the page's language: Vidstack's
// own text ("31 sec out of 1 min 34 sec") is English whatever the locale.

const formats = new Map<string, Intl.NumberFormat[]>();

function unitFormats(locale: string): Intl.NumberFormat[] {
  let found = formats.get(locale);
  if (!found) {
    found = (['hour', 'minute', 'second'] as const).map(
      (unit) => new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }),
    );
    formats.set(locale, found);
  }
  return found;
}

/** 94 → "1 minute 34 seconds" (en), "1 minute 34 secondes" (fr); whole seconds. */
export function spokenDuration(seconds: number, locale: string): string {
  const total = Math.max(0, Math.floor(Number.isFinite(seconds) ? seconds : 0));
  const parts = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60];
  const [hours, minutes, secs] = unitFormats(locale);
  const words = parts
    .map((value, i) => (value > 0 ? [hours, minutes, secs][i]!.format(value) : null))
    .filter((word): word is string => word !== null);
  return words.length > 0 ? words.join(' ') : secs!.format(0);
}
