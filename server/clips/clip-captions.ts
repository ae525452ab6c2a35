// Captions of a clip's range, re-timed so the first caption starts at 0 (the cut media's start).
import type { Cue } from '../model/types.ts';
import { exportTranscript } from '../transcript-export/export-transcript.ts';

const roundMs = (t: number) => Math.round(t * 1000) / 1000;

/**
 * The cues overlapping [start, end], cut to the range and shifted by -start. A cue cut
 * mid-way keeps only the words spoken inside the range when word timings exist.
 */
export function retimeCuesToRange(cues: Cue[], start: number, end: number): Cue[] {
  const out: Cue[] = [];
  for (const cue of cues) {
    if (cue.end <= start || cue.start >= end) continue;
    const words = cue.words?.filter((w) => (w.start + w.end) / 2 >= start && (w.start + w.end) / 2 <= end);
    const text =
      words && cue.words && words.length < cue.words.length ? words.map((w) => w.text).join(' ') : cue.text;
    if (text.trim() === '') continue;
    out.push({
      start: roundMs(Math.max(cue.start, start) - start),
      end: roundMs(Math.min(cue.end, end) - start),
      speaker: cue.speaker,
      text,
      ...(words && words.length > 0
        ? {
            words: words.map((w) => ({
              text: w.text,
              start: roundMs(Math.max(w.start, start) - start),
              end: roundMs(Math.min(w.end, end) - start),
            })),
          }
        : {}),
    });
  }
  return out;
}

/** VTT or SRT of the clip's range, re-timed to 0, serialised by the shared transcript exporter. */
export function clipCaptions(
  cues: Cue[],
  start: number,
  end: number,
  format: 'vtt' | 'srt',
  title?: string,
): string {
  return exportTranscript(format, retimeCuesToRange(cues, start, end), title ? { title } : {});
}
