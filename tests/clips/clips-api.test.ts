// The clip and pack API in-process (app.request) against a real SQLite archive.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createClipsTestApp, json, mmss } from './clips-test-app.ts';
import { adminToken, createClipTestArchive, type ClipTestArchive } from './clip-test-archive.ts';

// citation-js, ffmpeg and espeak-ng are slow to start on a busy two-core machine.
vi.setConfig({ testTimeout: 60000 });

interface ClipBody {
  clip: {
    id: string;
    start: number;
    end: number;
    quote: string;
    revision: string;
    createdAt: string;
    title: string | null;
    note: string | null;
  };
  editToken: string;
  snap?: { to: string; requestedStart: number; requestedEnd: number };
  cues: { start: number; end: number; text: string }[];
  links: { page: string; embed: string; card: string; oembed: string; episodeRange: string };
  show: { title: string; license: string | null } | null;
  speaker: string | null;
  range: string;
  embedHtml: string;
}
interface ErrorBody {
  error: { code: string; message: string; details: unknown };
}

let archive: ClipTestArchive;
let app: ReturnType<typeof createClipsTestApp>;

beforeAll(async () => {
  archive = await createClipTestArchive();
  // More clips than one client may make in a minute are made here; the limit has its own test.
  app = createClipsTestApp(archive.deps, { clips: { createLimitPerMinute: 100 } });
});
afterAll(async () => {
  await archive?.close();
});

async function makeClip(body: Record<string, unknown>): Promise<ClipBody> {
  const res = await app.request('/api/clips', json(body));
  expect(res.status).toBe(201);
  return (await res.json()) as ClipBody;
}

describe('POST /api/clips', () => {
  it('snaps a range inside cues to the cue boundaries and records quote, revision and time', async () => {
    const { episode, cues } = archive.episodes.facial;
    const [c2, c3] = [cues[2]!, cues[3]!];
    const before = Date.now();
    const body = await makeClip({
      episodeId: episode.id,
      start: c2.start + 0.3,
      end: c3.end - 0.2,
      title: '  Le recours  ',
    });
    expect(body.clip.id).toMatch(/^[2-9a-zA-Z]{10}$/);
    expect(body.editToken.length).toBeGreaterThanOrEqual(21);
    expect(body.clip.start).toBe(c2.start);
    expect(body.clip.end).toBe(c3.end);
    expect(body.clip.quote).toBe(`${c2.text} ${c3.text}`);
    expect(body.clip.revision).toBe(episode.revision);
    expect(body.clip.title).toBe('Le recours');
    expect(Date.parse(body.clip.createdAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(body.speaker).toBe('Thomas Lefèvre');
    expect(body.range).toBe(`${mmss(c2.start, 'down')}–${mmss(c3.end, 'up')}`);
    expect(body.links.page).toBe(`http://localhost/clips/${body.clip.id}`);
    expect(body.links.episodeRange).toBe(`http://localhost/episodes/${episode.id}#t=${c2.start},${c3.end}`);
  });

  it('snaps to word timings when the transcript has them', async () => {
    const { episode, cues } = archive.episodes.biometrics;
    const words = cues[1]!.words!;
    // Just after the 3rd word starts, and just before the 6th word ends.
    const body = await makeClip({
      episodeId: episode.id,
      start: words[2]!.start + 0.02,
      end: words[5]!.end - 0.02,
    });
    expect(body.clip.start).toBe(words[2]!.start);
    expect(body.clip.end).toBe(words[5]!.end);
    expect(body.clip.quote).toBe(
      words
        .slice(2, 6)
        .map((w) => w.text)
        .join(' '),
    );
  });

  it('keeps a 0–1 s range with word timings to the words it cuts into; without, covers the line and says so', async () => {
    const timed = archive.episodes.biometrics;
    const short = await makeClip({ episodeId: timed.episode.id, start: 0, end: 1 });
    const wordEnds = timed.cues.flatMap((c) => c.words!.map((w) => w.end));
    const lastWordEnd = wordEnds.find((end) => end >= 1)!;
    expect([short.clip.start, short.clip.end]).toEqual([0, lastWordEnd]);
    expect(short.clip.end).toBeLessThan(timed.cues[0]!.end);
    expect(short.snap).toEqual({
      to: 'words',
      requestedStart: 0,
      requestedEnd: 1,
    });

    // Before: 14 s asked as 1 s, and nothing in the answer said why.
    const untimed = archive.episodes.facial;
    const line = await makeClip({ episodeId: untimed.episode.id, start: 0, end: 1 });
    expect([line.clip.start, line.clip.end]).toEqual([untimed.cues[0]!.start, untimed.cues[0]!.end]);
    expect(line.snap).toEqual({
      to: 'cues',
      requestedStart: 0,
      requestedEnd: 1,
    });
  });

  it('never stores the edit token itself, only its hash', async () => {
    const { episode, cues } = archive.episodes.facial;
    const body = await makeClip({ episodeId: episode.id, start: cues[0]!.start, end: cues[0]!.end });
    const rows = JSON.stringify(archive.store.db.prepare('SELECT * FROM clips').all());
    expect(rows).toContain(body.clip.id);
    expect(rows).not.toContain(body.editToken);
  });

  const invalid: [string, (d: { id: string; duration: number }) => Record<string, unknown>, string][] = [
    ['end before start', (d) => ({ episodeId: d.id, start: 5, end: 4 }), 'end'],
    ['end equal to start', (d) => ({ episodeId: d.id, start: 5, end: 5 }), 'end'],
    ['end after the duration', (d) => ({ episodeId: d.id, start: 1, end: d.duration + 5 }), 'end'],
    ['negative start', (d) => ({ episodeId: d.id, start: -1, end: 3 }), 'start'],
    ['start as text', (d) => ({ episodeId: d.id, start: 'zero', end: 3 }), 'start'],
    ['missing episodeId', () => ({ start: 1, end: 3 }), 'episodeId'],
    ['unknown episode', () => ({ episodeId: 'no-such-episode', start: 1, end: 3 }), 'episodeId'],
    ['title too long', (d) => ({ episodeId: d.id, start: 1, end: 3, title: 'x'.repeat(201) }), 'title'],
  ];
  it.each(invalid)('refuses %s with a 400 naming the field', async (_name, makeBody, field) => {
    const { episode } = archive.episodes.facial;
    const res = await app.request(
      '/api/clips',
      json(makeBody({ id: episode.id, duration: episode.duration })),
    );
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe('bad_request');
    expect(body.error.message).toContain(field);
  });

  it('refuses a clip longer than the configured maximum', async () => {
    const strict = createClipsTestApp({ ...archive.deps, config: { ...archive.config, maxClipSeconds: 3 } });
    const { episode } = archive.episodes.facial;
    const res = await strict.request('/api/clips', json({ episodeId: episode.id, start: 0, end: 6 }));
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as ErrorBody;
    expect(error.message).toMatch(/^end: .*maximum is 3 s/);
    // The figures, for a client to say it in its own language.
    expect(error.details).toMatchObject({ field: 'end', seconds: 6, maxSeconds: 3 });
  });

  it('rate-limits creation per client (429 with Retry-After)', async () => {
    const limited = createClipsTestApp(archive.deps);
    const { episode, cues } = archive.episodes.facial;
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      const res = await limited.request(
        '/api/clips',
        json({ episodeId: episode.id, start: 0, end: cues[0]!.end }),
      );
      statuses.push(res.status);
      if (res.status === 429) expect(res.headers.get('Retry-After')).toBeTruthy();
    }
    expect(statuses.slice(0, 30).every((s) => s === 201)).toBe(true);
    expect(statuses[30]).toBe(429);
    // Reading is not limited.
    expect((await limited.request('/api/clips/unknown1234')).status).toBe(404);
  });
});

describe('GET, PATCH and DELETE /api/clips/:id', () => {
  it('reads a clip with the cues of its range, its show and licence', async () => {
    const { episode, cues } = archive.episodes.facial;
    const made = await makeClip({
      episodeId: episode.id,
      start: cues[3]!.start,
      end: cues[4]!.end,
      note: 'Pour le cours',
    });
    const res = await app.request(`/api/clips/${made.clip.id}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as ClipBody;
    expect(body.clip).toEqual(made.clip);
    expect(body.cues.map((c) => c.text)).toEqual([cues[3]!.text, cues[4]!.text]);
    expect(body.show?.license).toBe('CC BY-SA 4.0');
    expect(body).not.toHaveProperty('editToken');
  });

  it('gives only the words of its range when it starts and ends inside cues, as its quote says', async () => {
    const { episode, cues } = archive.episodes.biometrics;
    const [first, second] = [cues[1]!, cues[2]!];
    // From the 3rd word of one cue to the 2nd word of the next: the page shows these cues.
    const made = await makeClip({
      episodeId: episode.id,
      start: first.words![2]!.start,
      end: second.words![1]!.end,
    });
    const body = (await (await app.request(`/api/clips/${made.clip.id}`)).json()) as ClipBody;
    const inRange = (cue: typeof first, from: number, to: number) =>
      cue
        .words!.slice(from, to)
        .map((w) => w.text)
        .join(' ');
    expect(body.cues.map((c) => c.text)).toEqual([
      inRange(first, 2, first.words!.length),
      inRange(second, 0, 2),
    ]);
    expect(body.cues.map((c) => c.text).join(' ')).toBe(body.clip.quote);
    // Times stay the episode's, within the clip.
    expect(body.cues[0]!.start).toBe(made.clip.start);
    expect(body.cues[1]!.end).toBe(made.clip.end);
  });

  it('answers 404 for an unknown clip', async () => {
    const res = await app.request('/api/clips/zzzzzzzzzz');
    expect(res.status).toBe(404);
    expect(((await res.json()) as ErrorBody).error.code).toBe('not_found');
  });

  it('lets only the owner’s edit token or the admin token edit and delete', async () => {
    const { episode, cues } = archive.episodes.facial;
    const made = await makeClip({ episodeId: episode.id, start: cues[1]!.start, end: cues[1]!.end });
    const patch = (token: string | undefined, body: unknown) =>
      app.request(`/api/clips/${made.clip.id}`, { ...json(body, token), method: 'PATCH' });

    expect((await patch(undefined, { title: 'x' })).status).toBe(403);
    expect((await patch('not-the-token', { title: 'x' })).status).toBe(403);
    const owner = await patch(made.editToken, { title: 'Intro du sujet', note: 'À écouter avant le TD' });
    expect(owner.status).toBe(200);
    const edited = (await owner.json()) as ClipBody;
    expect(edited.clip.title).toBe('Intro du sujet');
    expect(edited.clip.note).toBe('À écouter avant le TD');
    expect(edited.clip.start).toBe(made.clip.start);
    const admin = await patch(adminToken, { note: null });
    expect(admin.status).toBe(200);
    expect(((await admin.json()) as ClipBody).clip.note).toBeNull();

    const del = (token?: string) =>
      app.request(`/api/clips/${made.clip.id}`, {
        method: 'DELETE',
        headers: token ? { Authorization: `Bearer ${token}` } : {},
      });
    expect((await del('wrong')).status).toBe(403);
    expect((await app.request(`/api/clips/${made.clip.id}`)).status).toBe(200);
    expect((await del(made.editToken)).status).toBe(204);
    expect((await app.request(`/api/clips/${made.clip.id}`)).status).toBe(404);
  });
});

describe('clip edits and credits', () => {
  it('refuses to change a clip’s range with a 400 that says to make a new clip', async () => {
    const { episode, cues } = archive.episodes.facial;
    const made = await makeClip({ episodeId: episode.id, start: cues[1]!.start, end: cues[1]!.end });
    const res = await app.request(`/api/clips/${made.clip.id}`, {
      ...json({ start: cues[0]!.start, end: cues[2]!.end }, made.editToken),
      method: 'PATCH',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error.message).toContain(
      "a clip's range cannot be changed: make a new clip",
    );
    const got = (await (await app.request(`/api/clips/${made.clip.id}`)).json()) as ClipBody;
    expect([got.clip.start, got.clip.end]).toEqual([made.clip.start, made.clip.end]);
  });

  it('credits every speaker heard in the range, in order of appearance', async () => {
    const { episode, cues } = archive.episodes.facial;
    // Camille asks (cue 1), Thomas answers at length (cues 2–4).
    const made = await makeClip({ episodeId: episode.id, start: cues[1]!.start, end: cues[4]!.end });
    expect(made.speaker).toBe('Camille Rousseau, Thomas Lefèvre');
    const md = await (await app.request(`/api/clips/${made.clip.id}/export/md`)).text();
    expect(md).toContain('> — Camille Rousseau, Thomas Lefèvre, *Libertés numériques*');
  });
});

describe('citations over HTTP', () => {
  it('returns each style with the clip’s timecode range', async () => {
    const { episode, cues } = archive.episodes.facial;
    const made = await makeClip({ episodeId: episode.id, start: cues[2]!.start, end: cues[3]!.end });
    const range = `${mmss(made.clip.start, 'down')}–${mmss(made.clip.end, 'up')}`;
    const get = async (style: string) => {
      const res = await app.request(`/api/clips/${made.clip.id}/citation?style=${style}`);
      expect(res.status).toBe(200);
      return (await res.json()) as { text: string; inText: string | null; range: string };
    };
    const apa = await get('apa');
    expect(apa.text).toBe(
      'Libertés numériques. (2024, March 5). La reconnaissance faciale au lycée [Audio podcast episode]. In Libertés numériques. https://libertes.example.org/episodes/reconnaissance-faciale',
    );
    expect(apa.inText).toBe(`(Libertés numériques, 2024, ${range})`);
    expect((await get('mla')).inText).toBe(
      `(“La reconnaissance faciale au lycée” 00:0${range.replace('–', '–00:0')})`,
    );
    expect((await get('chicago')).inText).toContain(`podcast audio, March 5, 2024, ${range}, https://`);
    expect((await get('bibtex')).text).toContain(`note = {Clip ${range.replace('–', '--')}}`);
    expect(JSON.parse((await get('csl')).text)).toMatchObject([{ type: 'broadcast', note: `Clip ${range}` }]);

    const bad = await app.request(`/api/clips/${made.clip.id}/citation?style=harvard`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorBody).error.message).toContain('style');
  });

  it('in French with lang=fr (before: English whatever the page, “(2024, March 5)… In…”)', async () => {
    const { episode, cues } = archive.episodes.facial;
    const made = await makeClip({ episodeId: episode.id, start: cues[2]!.start, end: cues[3]!.end });
    const res = await app.request(`/api/clips/${made.clip.id}/citation?style=apa&lang=fr`);
    expect(res.status).toBe(200);
    const apa = (await res.json()) as { text: string };
    expect(apa.text).toBe(
      'Libertés numériques. (2024, 5 mars). La reconnaissance faciale au lycée [Épisode de podcast audio]. Dans Libertés numériques. https://libertes.example.org/episodes/reconnaissance-faciale',
    );
    const bad = await app.request(`/api/clips/${made.clip.id}/citation?style=apa&lang=de`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorBody).error.message).toContain('lang');
  });
});

describe('caption exports', () => {
  it('re-times VTT and SRT to start at 0 and end at the clip’s length', async () => {
    const { episode, cues } = archive.episodes.facial;
    const made = await makeClip({ episodeId: episode.id, start: cues[2]!.start, end: cues[4]!.end });
    const length = made.clip.end - made.clip.start;
    const vttRes = await app.request(`/api/clips/${made.clip.id}/export/vtt`);
    expect(vttRes.status).toBe(200);
    expect(vttRes.headers.get('content-type')).toContain('text/vtt');
    expect(vttRes.headers.get('content-disposition')).toContain('attachment');
    const vtt = await vttRes.text();
    const vttTimes = [
      ...vtt.matchAll(/(\d\d):(\d\d):(\d\d)\.(\d{3}) --> (\d\d):(\d\d):(\d\d)\.(\d{3})/g),
    ].map((m) => [
      Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) + Number(m[4]) / 1000,
      Number(m[5]) * 3600 + Number(m[6]) * 60 + Number(m[7]) + Number(m[8]) / 1000,
    ]);
    expect(vttTimes).toHaveLength(3);
    expect(vttTimes[0]![0]).toBe(0);
    expect(vttTimes[1]![0]).toBeCloseTo(cues[3]!.start - cues[2]!.start, 3);
    expect(vttTimes[2]![1]).toBeCloseTo(length, 3);
    expect(vtt).toContain(`<v Thomas Lefèvre>${cues[2]!.text}</v>`);

    const srt = await (await app.request(`/api/clips/${made.clip.id}/export/srt`)).text();
    expect(srt.startsWith('1\n00:00:00,000 --> ')).toBe(true);
    expect(srt).toContain(`Thomas Lefèvre: ${cues[4]!.text}`);
  });

  it('escapes markup-like transcript text in VTT', async () => {
    const { episode, cues } = archive.episodes.hostile;
    const made = await makeClip({ episodeId: episode.id, start: cues[0]!.start, end: cues[0]!.end });
    const vtt = await (await app.request(`/api/clips/${made.clip.id}/export/vtt`)).text();
    expect(vtt).toContain('public &amp; auditable');
    expect(vtt).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(vtt).not.toContain('<img');
  });

  it('exports the quote as Markdown with its citation and links', async () => {
    const { episode, cues } = archive.episodes.facial;
    const made = await makeClip({
      episodeId: episode.id,
      start: cues[3]!.start,
      end: cues[3]!.end,
      title: 'Le recours',
    });
    const md = await (await app.request(`/api/clips/${made.clip.id}/export/md`)).text();
    expect(md.startsWith('# Le recours\n')).toBe(true);
    expect(md).toContain(`> “${cues[3]!.text}”`);
    expect(md).toContain('In *Libertés numériques*');
    expect(md).toContain(`<http://localhost/clips/${made.clip.id}>`);
    expect(md).toContain('Licence: CC BY-SA 4.0');
  });

  it('exports it in French with lang=fr, for the French clip page (before: English, “(2024, March 5)”, “In text:”)', async () => {
    const { episode, cues } = archive.episodes.facial;
    const made = await makeClip({ episodeId: episode.id, start: cues[3]!.start, end: cues[3]!.end });
    const md = await (await app.request(`/api/clips/${made.clip.id}/export/md?lang=fr`)).text();
    expect(md).toContain(`> «\u00a0${cues[3]!.text}\u00a0»`);
    expect(md).toContain('**Référence (APA 7) :** Libertés numériques. (2024, 5 mars).');
    expect(md).toContain('Dans *Libertés numériques*');
    expect(md).toContain(`**Dans le texte :** (Libertés numériques, 2024, ${made.range})`);
    expect(md).toContain(`Écouter l’extrait : <http://localhost/clips/${made.clip.id}>`);
    expect(md).toContain('Licence : CC BY-SA 4.0');
    expect(md).not.toMatch(/Listen|In text|In the full episode/);
  });
});

/** The iframe's title attribute, its character references read back as text. */
function iframeTitle(html: string): string {
  const raw = /title="([^"]*)"/.exec(html)?.[1] ?? '';
  return raw
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

describe('the embed code', () => {
  // Screen readers announce an iframe by its title: it must say which clip this is.
  it('names the clip in its iframe title: its quote (without a title), the episode and the range', async () => {
    const { episode, cues } = archive.episodes.facial;
    const made = await makeClip({ episodeId: episode.id, start: cues[3]!.start, end: cues[3]!.end });
    const title = iframeTitle(made.embedHtml);
    // Before: the episode's title alone, the same for every clip of the episode.
    expect(title).toBe(`“${cues[3]!.text}” — ${episode.title} (${made.range})`);
  });

  it('shortens a long quote to about 100 characters on a word boundary', async () => {
    const { episode, cues } = archive.episodes.facial;
    const made = await makeClip({ episodeId: episode.id, start: cues[0]!.start, end: cues[4]!.end });
    expect(made.clip.quote.length).toBeGreaterThan(100);
    const title = iframeTitle(made.embedHtml);
    const quoted = /^“(.*)…” — /.exec(title)?.[1] ?? '';
    expect(quoted.length).toBeLessThanOrEqual(100);
    expect(made.clip.quote.startsWith(`${quoted} `)).toBe(true);
    expect(title.endsWith(` — ${episode.title} (${made.range})`)).toBe(true);
  });
});

describe('oEmbed', () => {
  it('describes a clip page as a rich iframe embed', async () => {
    const { episode, cues } = archive.episodes.facial;
    const made = await makeClip({
      episodeId: episode.id,
      start: cues[2]!.start,
      end: cues[3]!.end,
      title: 'Le recours',
    });
    const url = encodeURIComponent(`http://localhost/clips/${made.clip.id}`);
    const res = await app.request(`/oembed?url=${url}&format=json`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      version: '1.0',
      type: 'rich',
      provider_name: 'Verbatim',
      author_name: 'Libertés numériques',
      width: 560,
      height: 220,
      thumbnail_url: `http://localhost/api/clips/${made.clip.id}/card.png`,
    });
    // The clip, then its episode and range, as the iframe's title (before: `Le recours (0:05–0:12)`).
    expect(body.title).toBe(`Le recours — ${episode.title} (${made.range})`);
    expect(body.html).toBe(
      `<iframe src="http://localhost/embed/clips/${made.clip.id}" width="560" height="220" title="Le recours — ${episode.title} (${made.range})" style="border:0" allow="autoplay; fullscreen" loading="lazy"></iframe>`,
    );
    const narrow = (await (await app.request(`/oembed?url=${url}&maxwidth=400`)).json()) as { width: number };
    expect(narrow.width).toBe(400);
  });

  it('names an untitled clip by its quote (≤ 100 characters), episode and range, as its iframe does', async () => {
    const { episode, cues } = archive.episodes.facial;
    const made = await makeClip({ episodeId: episode.id, start: cues[1]!.start, end: cues[1]!.end });
    const body = (await (
      await app.request(`/oembed?url=${encodeURIComponent(`http://localhost/clips/${made.clip.id}`)}`)
    ).json()) as { title: string; html: string };
    // Before: the episode's title for every clip of it ("La reconnaissance faciale au lycée (0:03–0:08)").
    expect(body.title).toBe(`“${cues[1]!.text}” — ${episode.title} (${made.range})`);
    const iframeTitle = /title="([^"]*)"/.exec(body.html)![1]!.replace(/&#39;/g, "'").replace(/&amp;/g, '&');
    expect(body.title).toBe(iframeTitle);
  });

  it('answers 404 for unknown clips and other sites, 501 for XML', async () => {
    const { episode, cues } = archive.episodes.facial;
    const made = await makeClip({ episodeId: episode.id, start: cues[0]!.start, end: cues[0]!.end });
    const q = (url: string, format = 'json') =>
      app.request(`/oembed?url=${encodeURIComponent(url)}&format=${format}`);
    expect((await q('http://localhost/clips/zzzzzzzzzz')).status).toBe(404);
    expect((await q(`https://elsewhere.example/clips/${made.clip.id}`)).status).toBe(404);
    expect((await q('http://localhost/episodes/x')).status).toBe(404);
    const xml = await q(`http://localhost/clips/${made.clip.id}`, 'xml');
    expect(xml.status).toBe(501);
    expect(((await xml.json()) as { error: { code: string } }).error.code).toBe('not_implemented');
    expect((await app.request('/oembed')).status).toBe(400);
  });
});

describe('share pages', () => {
  it('adds escaped Open Graph, Twitter and oEmbed discovery tags to the clip page', async () => {
    const { episode, cues } = archive.episodes.hostile;
    const made = await makeClip({ episodeId: episode.id, start: cues[0]!.start, end: cues[1]!.end });
    const res = await app.request(`/clips/${made.clip.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<b>Durand');
    expect(html).toContain(
      `<meta property="og:title" content="Qui surveille les &quot;surveillants&quot; ? &lt;script&gt;alert(1)&lt;/script&gt; &amp; co (${made.range}) · Libertés numériques" />`,
    );
    expect(html).toContain(
      `<meta property="og:image" content="http://localhost/api/clips/${made.clip.id}/card.png" />`,
    );
    expect(html).toContain('<meta name="twitter:card" content="summary_large_image" />');
    expect(html).toMatch(
      /<meta property="og:description" content="“Le code source doit être public &amp; auditable, pas un &quot;secret&quot; &lt;img src=x onerror=alert\(1\)&gt;\./,
    );
    expect(html).toContain(
      `<link rel="alternate" type="application/json+oembed" href="http://localhost/oembed?url=${encodeURIComponent(`http://localhost/clips/${made.clip.id}`)}&amp;format=json"`,
    );
    expect(html).toContain('<title>Qui surveille les &quot;surveillants&quot;');
    // Still the web app: its root element is there.
    expect(html).toContain('id="root"');
  });

  it('tells link previews what the clip’s media is: audio for an audio clip, the MP4 video for a video clip', async () => {
    const { episode, cues } = archive.episodes.facial;
    const page = async (episodeId: string) => {
      const made = await makeClip({ episodeId, start: cues[0]!.start, end: cues[0]!.end });
      return { id: made.clip.id, html: await (await app.request(`/clips/${made.clip.id}`)).text() };
    };
    const heard = await page(episode.id);
    expect(heard.html).toContain(
      `<meta property="og:audio" content="http://localhost/api/clips/${heard.id}/export/audio" />`,
    );
    expect(heard.html).toContain('<meta property="og:audio:type" content="audio/ogg" />');
    expect(heard.html).not.toContain('og:video');

    // The same transcript as a video episode: its cut is an H.264 MP4, not audio.
    await archive.store.replaceEpisode({
      episode: {
        ...episode,
        id: 'facial-video',
        source: 'facial-video.vtt',
        media: 'facial.mp4',
        mediaType: 'video/mp4',
      },
      cues,
    });
    const seen = await page('facial-video');
    expect(seen.html).toContain(
      `<meta property="og:video" content="http://localhost/api/clips/${seen.id}/export/audio" />`,
    );
    expect(seen.html).toContain('<meta property="og:video:type" content="video/mp4" />');
    expect(seen.html).not.toContain('og:audio');
  });

  it('serves the embed page framable from other origins, and other pages not', async () => {
    const { episode, cues } = archive.episodes.facial;
    const made = await makeClip({ episodeId: episode.id, start: cues[0]!.start, end: cues[0]!.end });
    const embed = await app.request(`/embed/clips/${made.clip.id}`);
    expect(embed.status).toBe(200);
    expect(embed.headers.get('x-frame-options')).toBeNull();
    expect(embed.headers.get('content-security-policy')).toContain('frame-ancestors *');
    expect(await embed.text()).toContain('<meta name="robots" content="noindex" />');
    const page = await app.request(`/clips/${made.clip.id}`);
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
  });

  it('answers 404 (still the app, without tags) for an unknown clip', async () => {
    const res = await app.request('/clips/zzzzzzzzzz');
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('og:title');
  });

  it('serves the pack builder (/packs/new) as the app with a 200, not as an unknown pack', async () => {
    const res = await app.request('/packs/new');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).not.toContain('og:title');
  });

  it('renders a 1200×630 PNG quote card', async () => {
    const { episode, cues } = archive.episodes.hostile;
    const made = await makeClip({ episodeId: episode.id, start: cues[0]!.start, end: cues[1]!.end });
    const res = await app.request(`/api/clips/${made.clip.id}/card.png`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const png = Buffer.from(await res.arrayBuffer());
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(1200);
    expect(png.readUInt32BE(20)).toBe(630);
    // A card with text on it is far larger than a blank one.
    expect(png.length).toBeGreaterThan(20_000);
  });
});

describe('packs', () => {
  it('validates items, then keeps clips in order across episodes', async () => {
    const { facial, biometrics } = archive.episodes;
    const a = await makeClip({
      episodeId: facial.episode.id,
      start: facial.cues[2]!.start,
      end: facial.cues[2]!.end,
    });
    const b = await makeClip({
      episodeId: biometrics.episode.id,
      start: biometrics.cues[1]!.start,
      end: biometrics.cues[1]!.end,
    });

    const empty = await app.request('/api/packs', json({ title: 'Vide', items: [] }));
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as ErrorBody).error.message).toContain('items');
    const unknown = await app.request(
      '/api/packs',
      json({ title: 'X', items: [{ clipId: a.clip.id }, { clipId: 'zzzzzzzzzz' }] }),
    );
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as ErrorBody).error.message).toContain('items[1].clipId');
    const untitled = await app.request('/api/packs', json({ title: '', items: [{ clipId: a.clip.id }] }));
    expect(untitled.status).toBe(400);

    const res = await app.request(
      '/api/packs',
      json({
        title: 'Surveillance et droits',
        intro: 'Trois extraits.',
        items: [{ clipId: b.clip.id, note: 'Définition' }, { clipId: a.clip.id }],
      }),
    );
    expect(res.status).toBe(201);
    const made = (await res.json()) as { pack: { id: string }; editToken: string };
    const got = (await (await app.request(`/api/packs/${made.pack.id}`)).json()) as {
      pack: { title: string; intro: string };
      items: (ClipBody & { note: string | null })[];
    };
    expect(got.pack.title).toBe('Surveillance et droits');
    expect(got.items.map((i) => i.clip.id)).toEqual([b.clip.id, a.clip.id]);
    expect(got.items[0]!.note).toBe('Définition');

    const page = await (await app.request(`/packs/${made.pack.id}`)).text();
    expect(page).toContain('<meta property="og:title" content="Surveillance et droits · Verbatim" />');

    expect((await app.request(`/api/packs/${made.pack.id}`, { method: 'DELETE' })).status).toBe(403);
    const del = await app.request(`/api/packs/${made.pack.id}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${made.editToken}` },
    });
    expect(del.status).toBe(204);
    expect((await app.request(`/api/packs/${made.pack.id}`)).status).toBe(404);
  });
});

describe('API reference', () => {
  it('documents the clip, pack and oEmbed endpoints in the OpenAPI document', async () => {
    const doc = (await (await app.request('/api/openapi.json')).json()) as {
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    };
    // A pack item whose clip was deleted is documented as such.
    expect(Object.keys(doc.components.schemas)).toContain('PackMissingItem');
    for (const p of [
      '/api/clips',
      '/api/clips/{id}',
      '/api/clips/{id}/citation',
      '/api/clips/{id}/export/{format}',
      '/api/clips/{id}/card.png',
      '/api/packs',
      '/api/packs/{id}',
      '/api/packs/{id}/export.zip',
      '/oembed',
    ]) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
  });
});
