// Timecodes as people write them in citations: m:ss under an hour, h:mm:ss above.

function splitSeconds(total: number): { h: number; m: number; s: number } {
  const whole = Math.max(0, Math.round(total));
  return { h: Math.floor(whole / 3600), m: Math.floor((whole % 3600) / 60), s: whole % 60 };
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** 41 → "0:41", 3723 → "1:02:03". Rounds to the whole second. */
export function formatTimecode(seconds: number): string {
  const { h, m, s } = splitSeconds(seconds);
  return h > 0 ? `${h}:${pad2(m)}:${pad2(s)}` : `${m}:${pad2(s)}`;
}

/** MLA writes time stamps as hh:mm:ss. */
export function formatLongTimecode(seconds: number): string {
  const { h, m, s } = splitSeconds(seconds);
  return `${pad2(h)}:${pad2(m)}:${pad2(s)}`;
}

/**
 * A clip's range as cited: the start rounded down and the end rounded up, so the cited
 * range always covers the clip (41.2–86.4 → "0:41–1:27"). En dash, as style guides ask.
 */
export function formatTimeRange(start: number, end: number, long = false): string {
  const format = long ? formatLongTimecode : formatTimecode;
  return `${format(Math.floor(start + 1e-6))}–${format(Math.ceil(end - 1e-6))}`;
}

/**
 * How long something lasts, as people read it in English and in French alike: 46 → "46 s",
 * 134 → "2 min 14 s", 120 → "2 min", 3930 → "1 h 5 min". Rounds to the whole second.
 */
export function formatLength(seconds: number): string {
  const { h, m, s } = splitSeconds(seconds);
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  if (m > 0) return s > 0 ? `${m} min ${s} s` : `${m} min`;
  return `${s} s`;
}
