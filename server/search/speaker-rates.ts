// How often each speaker says the searched words, per passage they speak in: what both
// backends scale a passage count by to estimate a speaker's facet past what they resolved
// (a passage counts for everyone speaking in it, whoever says the words).

/**
 * From resolved passages (each one's speakers) and the moments found in them (each one's
 * speaker): a speaker's moments per passage they speak in; for a speaker in none of those
 * passages, the mean over all of them (`fallback` when no passage names a speaker).
 */
export function speakerRates(
  passageSpeakers: Iterable<readonly string[]>,
  momentSpeakers: Iterable<string | null>,
  fallback: number,
): (speaker: string) => number {
  const passages = new Map<string, number>();
  let speakerPassages = 0;
  for (const list of passageSpeakers) {
    for (const s of list) passages.set(s, (passages.get(s) ?? 0) + 1);
    speakerPassages += list.length;
  }
  const said = new Map<string, number>();
  let named = 0;
  for (const s of momentSpeakers) {
    if (s === null || s === '') continue;
    said.set(s, (said.get(s) ?? 0) + 1);
    named++;
  }
  const mean = speakerPassages > 0 ? named / speakerPassages : fallback;
  return (speaker) => {
    const n = passages.get(speaker);
    return n === undefined ? mean : (said.get(speaker) ?? 0) / n;
  };
}
