/** 83.4 → "1:23", 3723 → "1:02:03" (floored: a timecode names the second being spoken). */
export function formatTimecode(seconds: number): string {
  const total = Math.max(0, Math.floor(Number.isFinite(seconds) ? seconds : 0));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/**
 * How long something lasts, the same in English and French: 46 → "46 s", 134 → "2 min 14 s",
 * 120 → "2 min", 3930 → "1 h 5 min" (to the nearest second, as the pack's handout says it).
 */
export function formatLength(seconds: number): string {
  const total = Math.max(0, Math.round(Number.isFinite(seconds) ? seconds : 0));
  const [h, m, s] = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60];
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  return m > 0 ? (s > 0 ? `${m} min ${s} s` : `${m} min`) : `${s} s`;
}

/**
 * A clip's range as the API writes it (its `range`, in citations): the start rounded down
 * and the end rounded up, so the range shown always covers the clip (9.5–14.014 → "0:09–0:15").
 */
export function formatTimeRange(start: number, end: number): string {
  return `${formatTimecode(Math.floor(start + 1e-6))}–${formatTimecode(Math.ceil(end - 1e-6))}`;
}

/**
 * Reads a time as people write it in links: "83.5", "1:23", "1:02:03.5", "1m23s", "83s".
 * Returns null for anything else, so a bad `?t=` is ignored rather than guessed.
 */
export function parseTimecode(value: string | null | undefined): number | null {
  if (value == null) return null;
  const text = value.trim();
  if (text === '') return null;
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const clock = /^(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d+)?)$/.exec(text);
  if (clock) return Number(clock[1] ?? 0) * 3600 + Number(clock[2]) * 60 + Number(clock[3]);
  const units = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?$/.exec(text);
  if (units && (units[1] ?? units[2] ?? units[3]) !== undefined)
    return Number(units[1] ?? 0) * 3600 + Number(units[2] ?? 0) * 60 + Number(units[3] ?? 0);
  return null;
}

/** `#t=41.2,87` (W3C media fragment, npt seconds or clock times) → { start, end }. */
export function parseMediaFragment(hash: string): { start: number; end: number | null } | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const t = params.get('t');
  if (t === null) return null;
  const [startText = '', endText] = t.replace(/^npt:/, '').split(',');
  const start = startText === '' ? 0 : parseTimecode(startText);
  const end = endText === undefined ? null : parseTimecode(endText);
  if (start === null || (endText !== undefined && end === null)) return null;
  // An empty range (`#t=30,30`) still names where to start; a backward one is a mistake.
  if (end !== null && end < start) return null;
  if (end !== null && end === start) return { start, end: null };
  return { start, end };
}
