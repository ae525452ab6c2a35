// A pack's zip, opened and read (real ffmpeg, real zip): the handout and the offline page say
// how long each clip and the whole pack last, and are in French when asked from a French page
// (`?lang=fr`, as the clip's citations and Markdown are), English otherwise.
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { packLengthLine, type HandoutEntry } from '../../server/clips/build-pack-zip.ts';
import { createClipsTestApp, json } from './clips-test-app.ts';
import { adminToken, createClipTestArchive, type ClipTestArchive } from './clip-test-archive.ts';

vi.setConfig({ testTimeout: 120000 });

let archive: ClipTestArchive;
let app: ReturnType<typeof createClipsTestApp>;

interface Made {
  clip: { id: string; start: number; end: number };
}

/** A pack of three clips of the facial-recognition episode, the second deleted since. */
let packId: string;
let lengths: number[];

beforeAll(async () => {
  archive = await createClipTestArchive();
  app = createClipsTestApp(archive.deps);
  const { episode, cues } = archive.episodes.facial;
  const made: Made[] = [];
  for (const [from, to] of [
    [0, 1],
    [2, 2],
    [3, 4],
  ] as const) {
    const res = await app.request(
      '/api/clips',
      json({ episodeId: episode.id, start: cues[from]!.start, end: cues[to]!.end }),
    );
    expect(res.status).toBe(201);
    made.push((await res.json()) as Made);
  }
  const res = await app.request(
    '/api/packs',
    json({
      title: 'Surveiller les élèves ?',
      intro: 'Trois extraits pour le TD.',
      items: made.map((m, i) => ({ clipId: m.clip.id, note: i === 2 ? 'Pour conclure' : null })),
    }),
  );
  expect(res.status).toBe(201);
  packId = ((await res.json()) as { pack: { id: string } }).pack.id;
  const del = await app.request(`/api/clips/${made[1]!.clip.id}`, {
    method: 'DELETE',
    headers: { Authorization: `Bearer ${adminToken}` },
  });
  expect(del.status).toBe(204);
  lengths = [made[0]!, made[2]!].map((m) => m.clip.end - m.clip.start);
});

afterAll(async () => {
  await archive?.close();
});

async function zipOf(query = ''): Promise<{ handout: string; page: string }> {
  const res = await app.request(`/api/packs/${packId}/export.zip${query}`);
  expect(res.status).toBe(200);
  const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
  return { handout: strFromU8(files['handout.md']!), page: strFromU8(files['index.html']!) };
}

/** "4 s", "1 min 5 s": a length as people read it, worked out here independently. */
function spoken(seconds: number): string {
  const whole = Math.round(seconds);
  return whole < 60 ? `${whole} s` : `${Math.floor(whole / 60)} min ${whole % 60} s`.replace(/ 0 s$/, '');
}

describe('the length of a pack’s clips in its zip', () => {
  it('the handout and the offline page give each clip’s length and the total of those with media', async () => {
    const { handout, page } = await zipOf();
    // The sum of the lengths shown, so the total adds up when read.
    const total = spoken(Math.round(lengths[0]!) + Math.round(lengths[1]!));
    expect(handout).toContain(`2 clips to play, ${total} in all.`);
    const section = (n: number) => handout.split(/^## /m)[n] ?? '';
    expect(section(1).split('\n')[0]).toMatch(new RegExp(`\\(0:\\d\\d–0:\\d\\d, ${spoken(lengths[0]!)}\\)$`));
    expect(section(3).split('\n')[0]).toMatch(new RegExp(`, ${spoken(lengths[1]!)}\\)$`));
    expect(page).toContain(`2 clips to play, ${total} in all.`);
    expect(page).toContain(`<p class="length">${spoken(lengths[0]!)}</p>`);
  });
});

describe('the total length of a pack', () => {
  /** A handout entry of a clip with media that lasts `start`–`end`. */
  const entry = (start: number, end: number) =>
    ({
      item: {
        missing: false,
        note: null,
        context: { clip: { start, end }, episode: { mediaType: 'audio/ogg' }, episodeGone: false },
      },
      file: 'clip.opus',
      mediaProblem: null,
    }) as unknown as HandoutEntry;
  // 6.4 s, 2.4 s and 5.4 s are shown as 6 s, 2 s and 5 s.
  const entries = [entry(0, 6.4), entry(10, 12.4), entry(20, 25.4)];

  it('is the sum of the lengths shown for each clip (before: 14 s, the rounded exact sum)', () => {
    expect(packLengthLine(entries, 'en')).toBe('3 clips to play, 13 s in all.');
    expect(packLengthLine(entries, 'fr')).toBe('3 extraits à écouter, 13 s au total.');
  });
});

describe('the handout as a Markdown viewer shows it', () => {
  it('gives the clip’s file its own paragraph, not run on after its licence', async () => {
    for (const [query, file] of [
      ['', 'File in this pack:'],
      ['?lang=fr', 'Fichier de ce dossier :'],
    ] as const) {
      const { handout } = await zipOf(query);
      // Lines without a blank one between them are one paragraph in Markdown.
      const paragraphs = handout.split(/\n\s*\n/).map((p) => p.trim());
      const withFile = paragraphs.filter((p) => p.includes(file));
      expect(withFile).toHaveLength(2);
      for (const paragraph of withFile)
        expect(paragraph).toMatch(new RegExp(`^${file} \`0\\d-[^\`]+\\.opus\`$`));
    }
  });
});

describe('a French pack’s zip', () => {
  it('asked with lang=fr: the handout is in French, its citations and notices too', async () => {
    const { handout } = await zipOf('?lang=fr');
    // The sum of the lengths shown, so the total adds up when read.
    const total = spoken(Math.round(lengths[0]!) + Math.round(lengths[1]!));
    expect(handout).toContain('En ligne : <');
    expect(handout).toContain(`2 extraits à écouter, ${total} au total.`);
    expect(handout).toContain('## 2. L’extrait 2 a été supprimé');
    expect(handout).toContain('*Cet extrait n’est plus dans l’archive (il a été supprimé).*');
    expect(handout).toContain('**Référence (APA 7) :**');
    expect(handout).toMatch(/Fichier de ce dossier : `01-[^`]+\.opus`/);
    expect(handout).toContain('«\u00a0');
    // No English left around the clips' own words.
    expect(handout).not.toMatch(/Online:|File in this pack|Citation \(APA 7\)|was deleted|in all/);
  });

  it('asked with lang=fr: the offline page is in French', async () => {
    const { page } = await zipOf('?lang=fr');
    expect(page).toContain('<html lang="fr">');
    expect(page).toContain('>Tout écouter dans l’ordre</button>');
    expect(page).toContain('>Écouter cet extrait</button>');
    expect(page).toContain('L’extrait 2 a été supprimé');
    expect(page).toContain('Cet extrait n’est plus dans l’archive (il a été supprimé).');
    expect(page).toContain('Ce dossier en ligne</a> · fiche : handout.md');
    // The French APA reference (guillemets, the French genre), not the English one.
    expect(page).toContain('[Épisode de podcast audio]');
    expect(page).not.toMatch(/Play all in order|Play this clip|This pack online|Audio podcast episode/);
  });

  it('without lang the zip stays English; a language it does not know is refused, naming lang', async () => {
    const { handout, page } = await zipOf();
    expect(handout).toContain('Online: <');
    expect(handout).toContain('## 2. Clip 2 was deleted');
    expect(page).toContain('<html lang="en">');
    const res = await app.request(`/api/packs/${packId}/export.zip?lang=de`);
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('lang');
  });
});
