// A clip whose episode was ingested again with its cues moved (timings corrected a few
// seconds later): the clip keeps its quote, and the quote stays credited to whoever said it
// when the clip was cut, not to whoever the new timings put in its range.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createClipsTestApp, json } from './clips-test-app.ts';
import { createClipTestArchive, type ClipTestArchive } from './clip-test-archive.ts';

vi.setConfig({ testTimeout: 120000 });

let archive: ClipTestArchive;
let app: ReturnType<typeof createClipsTestApp>;

beforeAll(async () => {
  archive = await createClipTestArchive();
  app = createClipsTestApp(archive.deps);
});
afterAll(async () => {
  await archive?.close();
});

describe('a clip whose episode’s cues moved since it was cut', () => {
  it('credits its quote to the speaker heard when it was cut, in the API and the Markdown', async () => {
    const { episode, cues } = archive.episodes.facial;
    // A line of one speaker, followed by a line of another.
    const at = cues.findIndex((c, i) => i > 0 && cues[i + 1] && cues[i + 1]!.speaker !== c.speaker);
    const said = cues[at]!;
    const next = cues[at + 1]!;
    const res = await app.request(
      '/api/clips',
      json({ episodeId: episode.id, start: said.start, end: said.end }),
    );
    expect(res.status).toBe(201);
    const made = (await res.json()) as { clip: { id: string; quote: string }; speaker: string };
    expect(made.speaker).toBe(said.speaker);

    // Ingested again with every cue moved earlier, so the next speaker's line now starts
    // where the clip starts (the audio is the same: only the timings were corrected).
    const shift = next.start - said.start;
    await archive.store.replaceEpisode({
      episode: { ...episode, revision: 'rev-shifted' },
      cues: cues.map((c) => ({
        ...c,
        start: c.start - shift,
        end: c.end - shift,
        words: c.words?.map((w) => ({ ...w, start: w.start - shift, end: w.end - shift })),
      })),
    });
    const view = (await (await app.request(`/api/clips/${made.clip.id}`)).json()) as {
      speaker: string;
      transcriptChanged: boolean;
      clip: { quote: string };
    };
    expect(view.transcriptChanged).toBe(true);
    expect(view.clip.quote).toBe(made.clip.quote);
    // Before: the speaker of the line the new timings put there.
    expect(view.speaker).toBe(said.speaker);
    expect(next.speaker).not.toBe(said.speaker);

    const md = await (await app.request(`/api/clips/${made.clip.id}/export/md`)).text();
    expect(md).toContain(`— ${said.speaker}, *`);
    expect(md).not.toContain(next.speaker);
  });
});
