// Captions of a clip's range, re-timed so the first caption starts at 0 (the cut media's start).
import type { Cue } from '../model/types.ts';
import { exportTranscript } from '../transcript-export/export-transcript.ts';

const roundMs = (t: number) => Math.round(t * 1000) / 1000;

/**
 * The cues overlapping [start, end], cut to the range, in episode time. A cue cut mid-way
 * keeps only the words spoken inside the range when word timings exist (a word is inside
 * when its middle is, as for the clip's quote), so the cues say what the clip says.
 */
export function cuesInRange(cues: Cue[], start: number, end: number): Cue[] {
  const out: Cue[] = [];
  for (const cue of cues) {
    if (cue.end <= start || cue.start >= end) continue;
    const words = cue.words?.filter((w) => (w.start + w.end) / 2 >= start && (w.start + w.end) / 2 <= end);
    const text =
      words && cue.words && words.length < cue.words.length ? words.map((w) => w.text).join(' ') : cue.text;
    if (text.trim() === '') continue;
    out.push({
      start: Math.max(cue.start, start),
      end: Math.min(cue.end, end),
      speaker: cue.speaker,
      text,
      ...(words && words.length > 0
        ? {
            words: words.map((w) => ({
              text: w.text,
              start: Math.max(w.start, start),
              end: Math.min(w.end, end),
            })),
          }
        : {}),
    });
  }
  return out;
}

/** The cues of [start, end] (see cuesInRange) shifted by -start: the cut media's own times. */
export function retimeCuesToRange(cues: Cue[], start: number, end: number): Cue[] {
  return cuesInRange(cues, start, end).map((cue) => ({
    ...cue,
    start: roundMs(cue.start - start),
    end: roundMs(cue.end - start),
    ...(cue.words
      ? {
          words: cue.words.map((w) => ({
            text: w.text,
            start: roundMs(w.start - start),
            end: roundMs(w.end - start),
          })),
        }
      : {}),
  }));
}

/** Said wherever a clip's text is exported after its episode's transcript was edited. */
export const transcriptChangedNotice =
  "The episode's transcript was edited after this clip was cut: the quote is the one stored with the clip, the captions follow the current transcript.";

/**
 * VTT or SRT of the clip's range, re-timed to 0, serialised by the shared transcript exporter.
 * VTT says when the transcript changed since the clip was cut (SRT has no comment syntax).
 */
export function clipCaptions(
  cues: Cue[],
  start: number,
  end: number,
  format: 'vtt' | 'srt',
  options: { title?: string; transcriptChanged?: boolean } = {},
): string {
  const text = exportTranscript(
    format,
    retimeCuesToRange(cues, start, end),
    options.title ? { title: options.title } : {},
  );
  if (format !== 'vtt' || !options.transcriptChanged) return text;
  // A NOTE block right after the header line; players skip it.
  const headerEnd = text.indexOf('\n');
  const rest = text.slice(headerEnd + 1).replace(/^\n/, '');
  return `${text.slice(0, headerEnd)}\n\nNOTE ${transcriptChangedNotice.replace(/-->/g, '→')}\n\n${rest}`;
}
