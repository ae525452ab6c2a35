// Clock strings to seconds and back. Everything is done on whole milliseconds so that
// 0.1 + 0.2 style drift never reaches a stored time.

/** A decimal fraction of a second: ",5" and ",50" are 500 ms, ",05" is 50 ms. */
export function fractionToMilliseconds(digits: string | undefined): number {
  if (!digits) return 0;
  return Math.round(Number(`0.${digits}`) * 1000);
}

export function roundToMilliseconds(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** `hh:mm:ss.mmm` (separator `.` for WebVTT, `,` for SRT); hours grow past 99 when needed. */
export function formatClock(seconds: number, separator: '.' | ',' = '.'): string {
  const totalMs = Math.max(0, Math.round(seconds * 1000));
  const ms = totalMs % 1000;
  const totalSeconds = Math.floor(totalMs / 1000);
  const s = totalSeconds % 60;
  const m = Math.floor(totalSeconds / 60) % 60;
  const h = Math.floor(totalSeconds / 3600);
  return `${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}${separator}${pad(ms, 3)}`;
}

/** `hh:mm:ss` truncated to the second (a citation-style time, never rounded up past the quote). */
export function formatWholeSeconds(seconds: number): string {
  const totalSeconds = Math.max(0, Math.floor(Math.round(seconds * 1000) / 1000));
  const s = totalSeconds % 60;
  const m = Math.floor(totalSeconds / 60) % 60;
  const h = Math.floor(totalSeconds / 3600);
  return `${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}`;
}
