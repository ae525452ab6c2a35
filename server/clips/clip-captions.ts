// Captions of a clip's range, re-timed so the first caption starts at 0 (the cut media's start).
import type { Cue } from '../model/types.ts';
import { exportTranscript } from '../transcript-export/export-transcript.ts';
import { estimateWordTimes, wordsInside } from './estimate-word-times.ts';

const roundMs = (t: number) => Math.round(t * 1000) / 1000;

/**
 * The cues overlapping [start, end], cut to the range, in episode time. A cue cut mid-way
 * keeps only the words spoken inside the range when word timings exist (a word is inside
 * when its middle is, as for the clip's quote), so the cues say what the clip says. Without
 * word timings, a cue the range cuts (a clip inside a long timestamped-text turn) keeps the
 * words estimated to be said inside it, as the clip's quote does; the estimate gives the text
 * only, never word timings.
 */
export function cuesInRange(cues: Cue[], start: number, end: number): Cue[] {
  const out: Cue[] = [];
  const overlapping = cues.filter((cue) => cue.end > start && cue.start < end);
  const cut = (cue: Cue) => cue.start < start - 0.001 || cue.end > end + 0.001;
  const estimated = estimateWordTimes(overlapping.filter(cut));
  for (const cue of overlapping) {
    const words = cue.words && wordsInside(cue.words, start, end);
    const estimatedInside =
      !cue.words?.length && cut(cue) ? wordsInside(estimated.get(cue) ?? [], start, end) : null;
    const text = estimatedInside
      ? estimatedInside.map((w) => w.text).join(' ')
      : words && cue.words && words.length < cue.words.length
        ? words.map((w) => w.text).join(' ')
        : cue.text;
    if (text.trim() === '') continue;
    // Paragraphs sharing one turn's interval are captioned one after the other, each over
    // the time its estimated words take, rather than all over the whole range at once.
    const from = estimatedInside?.[0]?.start ?? cue.start;
    const to = estimatedInside?.[estimatedInside.length - 1]?.end ?? cue.end;
    out.push({
      start: Math.max(from, start),
      end: Math.min(to, end),
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

/** Said wherever a clip's quote is exported when it was estimated (clip-context.ts quoteEstimated). */
export const quoteEstimatedNotice = '(approximate quote: this transcript has no word timings here)';

/**
 * VTT or SRT of the clip's range, re-timed to 0, serialised by the shared transcript exporter.
 * VTT says when the transcript changed since the clip was cut (SRT has no comment syntax).
 */
export function clipCaptions(
  cues: Cue[],
  start: number,
  end: number,
  format: 'vtt' | 'srt',
  options: { title?: string; transcriptChanged?: boolean; quoteEstimated?: boolean } = {},
): string {
  const text = exportTranscript(
    format,
    retimeCuesToRange(cues, start, end),
    options.title ? { title: options.title } : {},
  );
  const notes = [
    ...(options.quoteEstimated ? [quoteEstimatedNotice] : []),
    ...(options.transcriptChanged ? [transcriptChangedNotice] : []),
  ];
  if (format !== 'vtt' || notes.length === 0) return text;
  // NOTE blocks right after the header line; players skip them.
  const headerEnd = text.indexOf('\n');
  const rest = text.slice(headerEnd + 1).replace(/^\n/, '');
  const blocks = notes.map((note) => `NOTE ${note.replace(/-->/g, '→')}\n\n`).join('');
  return `${text.slice(0, headerEnd)}\n\n${blocks}${rest}`;
}
