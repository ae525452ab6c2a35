// A clip whose episode was deleted afterwards stays citable: its page, API, citations,
// Markdown and quote card answer from what was stored when it was cut; exports that need
// the episode's media or transcript say what is gone (410); packs keep it with its citation.
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createClipsTestApp, json } from './clips-test-app.ts';
import { adminToken, createClipTestArchive, type ClipTestArchive } from './clip-test-archive.ts';

vi.setConfig({ testTimeout: 60000 });

interface ClipBody {
  clip: {
    id: string;
    quote: string;
    start: number;
    end: number;
    episodeAtCut: {
      title: string;
      showId: string;
      showTitle: string;
      date: string | null;
      speakers: string[];
      source: string;
      url: string | null;
    } | null;
  };
  episode: {
    id: string;
    title: string;
    date: string | null;
    mediaUrl: string | null;
    license: string | null;
  };
  show: { title: string } | null;
  speaker: string | null;
  range: string;
  links: Record<string, string | null | undefined>;
  episodeGone: boolean;
}
interface ErrorBody {
  error: { code: string; message: string; details: { missing?: string; episodeId?: string } };
}
interface Citation {
  text: string;
  inText: string | null;
}

let archive: ClipTestArchive;
let app: ReturnType<typeof createClipsTestApp>;
let made: ClipBody;
let other: ClipBody;
let packId: string;
const citationsBefore: Record<string, Citation> = {};
const styles = ['apa', 'mla', 'chicago', 'bibtex', 'csl'];

const citation = async (style: string) => {
  const res = await app.request(`/api/clips/${made.clip.id}/citation?style=${style}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Citation;
};

beforeAll(async () => {
  archive = await createClipTestArchive();
  app = createClipsTestApp(archive.deps);
  const { facial, biometrics } = archive.episodes;
  const res = await app.request(
    '/api/clips',
    json({ episodeId: facial.episode.id, start: facial.cues[2]!.start, end: facial.cues[3]!.end }),
  );
  expect(res.status).toBe(201);
  made = (await res.json()) as ClipBody;
  const res2 = await app.request(
    '/api/clips',
    json({
      episodeId: biometrics.episode.id,
      start: biometrics.cues[0]!.start,
      end: biometrics.cues[0]!.end,
    }),
  );
  other = (await res2.json()) as ClipBody;
  const pack = await app.request(
    '/api/packs',
    json({
      title: 'Le TD',
      items: [{ clipId: made.clip.id, note: 'À lire avant' }, { clipId: other.clip.id }],
    }),
  );
  expect(pack.status).toBe(201);
  packId = ((await pack.json()) as { pack: { id: string } }).pack.id;
  for (const style of styles) citationsBefore[style] = await citation(style);
  // The admin deletes the episode (its transcript and media leave the folder, then the store).
  const del = await app.request(`/api/episodes/${facial.episode.id}`, {
    method: 'DELETE',
    headers: { Authorization: `Bearer ${adminToken}` },
  });
  expect(del.status).toBe(204);
  expect((await app.request(`/api/episodes/${facial.episode.id}`)).status).toBe(404);
});
afterAll(async () => {
  await archive?.close();
});

describe('a clip whose episode was deleted', () => {
  it('is cut with the episode’s citation details stored beside its quote', () => {
    const { episode } = archive.episodes.facial;
    expect(made.episodeGone).toBe(false);
    expect(made.clip.episodeAtCut).toEqual({
      showId: episode.showId,
      showTitle: 'Libertés numériques',
      showUrl: 'https://libertes.example.org',
      title: 'La reconnaissance faciale au lycée',
      date: '2024-03-05',
      language: 'fr',
      speakers: ['Thomas Lefèvre'],
      mediaType: 'audio/ogg',
      url: 'https://libertes.example.org/episodes/reconnaissance-faciale',
      license: 'CC BY-SA 4.0',
      duration: episode.duration,
      source: episode.source,
    });
  });

  it('still answers its API with the quote, range, titles, date and speakers, flagged as gone', async () => {
    const res = await app.request(`/api/clips/${made.clip.id}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as ClipBody;
    expect(body.episodeGone).toBe(true);
    expect(body.clip.quote).toBe(made.clip.quote);
    expect(body.range).toBe(made.range);
    expect(body.episode.title).toBe('La reconnaissance faciale au lycée');
    expect(body.episode.date).toBe('2024-03-05');
    expect(body.episode.mediaUrl).toBeNull();
    expect(body.show?.title).toBe('Libertés numériques');
    expect(body.speaker).toBe('Thomas Lefèvre');
    expect(body.clip.episodeAtCut?.source).toBe(archive.episodes.facial.episode.source);
  });

  it('lists only links that still lead somewhere: no audio export, no episode page', async () => {
    expect(made.links.audio).toBeTruthy();
    expect(made.links.episodeRange).toContain(`/episodes/${archive.episodes.facial.episode.id}#t=`);
    const res = await app.request(`/api/clips/${made.clip.id}`);
    const body = (await res.json()) as ClipBody;
    expect(Object.keys(body.links).sort()).toEqual(['card', 'embed', 'oembed', 'page']);
    for (const [name, link] of Object.entries(body.links)) {
      const answer = await app.request(link!.replace(/^https?:\/\/[^/]+/, ''));
      expect(answer.status, `${name}: ${link}`).toBe(200);
    }
    // Its place in a pack lists the same links.
    const pack = (await (await app.request(`/api/packs/${packId}`)).json()) as { items: ClipBody[] };
    expect(Object.keys(pack.items[0]!.links).sort()).toEqual(['card', 'embed', 'oembed', 'page']);
    expect(pack.items[1]!.links.audio).toBeTruthy();
  });

  it('gives the same citations, in every style, as before the episode went', async () => {
    for (const style of styles) expect(await citation(style), style).toEqual(citationsBefore[style]);
  });

  it('exports its quote as Markdown, with its citation and a word that the episode is gone', async () => {
    const res = await app.request(`/api/clips/${made.clip.id}/export/md`);
    expect(res.status).toBe(200);
    const md = await res.text();
    expect(md).toContain(`> “${made.clip.quote}”`);
    expect(md).toContain('> — Thomas Lefèvre, *Libertés numériques*, “La reconnaissance faciale au lycée”');
    expect(md).toContain('This episode is no longer in the archive');
    expect(md).toContain('**Citation (APA 7):** Libertés numériques. (2024, March 5).');
  });

  it('still renders its quote card and its share and embed pages, and its oEmbed', async () => {
    const card = await app.request(`/api/clips/${made.clip.id}/card.png`);
    expect(card.status).toBe(200);
    expect(card.headers.get('content-type')).toBe('image/png');
    const page = await app.request(`/clips/${made.clip.id}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('La reconnaissance faciale au lycée');
    expect((await app.request(`/embed/clips/${made.clip.id}`)).status).toBe(200);
    const url = encodeURIComponent(`http://localhost/clips/${made.clip.id}`);
    const oembed = await app.request(`/oembed?url=${url}&format=json`);
    expect(oembed.status).toBe(200);
    expect(((await oembed.json()) as { author_name: string }).author_name).toBe('Libertés numériques');
  });

  it.each([
    ['audio', 'media'],
    ['vtt', 'transcript'],
    ['srt', 'transcript'],
  ])('refuses the %s export with a 410 naming the missing %s', async (format, missing) => {
    const res = await app.request(`/api/clips/${made.clip.id}/export/${format}`);
    expect(res.status).toBe(410);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe('gone');
    expect(body.error.message).toContain('no longer in the archive');
    expect(body.error.message).toContain(missing);
    expect(body.error.details).toMatchObject({ missing, episodeId: archive.episodes.facial.episode.id });
  });

  it('stays in its pack with its quote and citation, not as a missing clip', async () => {
    const res = await app.request(`/api/packs/${packId}`);
    expect(res.status).toBe(200);
    const view = (await res.json()) as { items: (ClipBody & { missing: boolean; note: string | null })[] };
    expect(view.items.map((i) => i.missing)).toEqual([false, false]);
    expect(view.items[0]!.episodeGone).toBe(true);
    expect(view.items[0]!.clip.quote).toBe(made.clip.quote);
    expect(view.items[0]!.note).toBe('À lire avant');
    expect(view.items[1]!.episodeGone).toBe(false);
  });

  it('keeps its quote and citation in the pack’s zip, which still has the other clip’s media', async () => {
    const res = await app.request(`/api/packs/${packId}/export.zip`);
    expect(res.status).toBe(200);
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const handout = strFromU8(files['handout.md']!);
    expect(handout).toContain(`“${made.clip.quote}”`);
    expect(handout).toContain('This episode is no longer in the archive');
    expect(handout).toContain('**Citation (APA 7):** Libertés numériques. (2024, March 5).');
    expect(handout).not.toContain('Clip 1 was deleted');
    const page = strFromU8(files['index.html']!);
    expect(page).toContain(made.clip.quote.replace(/'/g, '&#39;'));
    expect(page).toContain('This episode is no longer in the archive');
    const names = Object.keys(files);
    expect(names.filter((n) => n.startsWith('01-'))).toEqual([]);
    expect(names.some((n) => n.startsWith('02-') && n.endsWith('.opus'))).toBe(true);
  });

  it('is documented: the clip view carries episodeGone, the clip its stored details, 410 is listed', async () => {
    const doc = (await (await app.request('/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
    };
    expect(doc.components.schemas['ClipView']?.required).toContain('episodeGone');
    // The links a clip loses with its episode are documented as optional.
    expect(doc.components.schemas['ClipLinks']?.required?.sort()).toEqual([
      'card',
      'embed',
      'oembed',
      'page',
    ]);
    expect(Object.keys(doc.components.schemas['Clip']?.properties ?? {})).toContain('episodeAtCut');
    expect(Object.keys(doc.paths['/api/clips/{id}/export/{format}']!.get!.responses)).toContain('410');
  });
});
