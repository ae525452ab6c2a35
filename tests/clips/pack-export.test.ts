// Pack exports with real ffmpeg: a clip without media, a video clip, a deleted clip and an
// edited transcript each stay in the zip (said as such); a long pack is capped, cancelled
// when its client goes away, and leaves the cut queue to single exports between its clips.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import vm from 'node:vm';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPack } from '../../server/clips/create-pack.ts';
import type { Cue } from '../../server/model/types.ts';
import { createClipsTestApp, json } from './clips-test-app.ts';
import {
  adminToken,
  createClipTestArchive,
  writeTestVideo,
  writeToneMp3,
  type ClipTestArchive,
} from './clip-test-archive.ts';

vi.setConfig({ testTimeout: 120000 });

const run = promisify(execFile);

let archive: ClipTestArchive;
let app: ReturnType<typeof createClipsTestApp>;
let mediaServer: http.Server;
let mediaBase: string;
/** Where this file's cut work goes (os.tmpdir() follows TMPDIR), to watch it from outside. */
let tmp: string;

interface Made {
  clip: { id: string; start: number; end: number; quote: string };
  editToken: string;
}
interface ErrorBody {
  error: { code: string; message: string };
}

async function makeClip(episodeId: string, start: number, end: number, a = app): Promise<Made> {
  const res = await a.request('/api/clips', json({ episodeId, start, end }));
  expect(res.status).toBe(201);
  return (await res.json()) as Made;
}

async function makePack(items: { clipId: string; note?: string }[], a = app): Promise<string> {
  const res = await a.request('/api/packs', json({ title: 'Le TD', items }));
  expect(res.status).toBe(201);
  return ((await res.json()) as { pack: { id: string } }).pack.id;
}

async function zipOf(packId: string, query = ''): Promise<Record<string, Uint8Array>> {
  const res = await app.request(`/api/packs/${packId}/export.zip${query}`);
  expect(res.status).toBe(200);
  return unzipSync(new Uint8Array(await res.arrayBuffer()));
}

/** An episode like `facial` with other media (and id), its cues unchanged. */
async function variant(id: string, media: string | null, mediaType = 'audio/ogg', cues?: Cue[]) {
  const { episode, cues: facialCues } = archive.episodes.facial;
  await archive.store.replaceEpisode({
    episode: { ...episode, id, source: `${id}.vtt`, media, mediaType },
    cues: cues ?? facialCues,
  });
}

/** ffmpeg processes working in this file's temp dir, and the work dirs there. */
async function cutWorkInTmp(): Promise<{ ffmpeg: string[]; dirs: string[] }> {
  const { stdout } = await run('ps', ['-eo', 'args']);
  const ffmpeg = stdout.split('\n').filter((l) => l.startsWith('ffmpeg') && l.includes(tmp));
  const dirs = (await fs.readdir(tmp)).filter((d) => d.startsWith('verbatim-clip-'));
  return { ffmpeg, dirs };
}

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

beforeAll(async () => {
  archive = await createClipTestArchive();
  app = createClipsTestApp(archive.deps);
  tmp = path.join(archive.dir, 'tmp');
  await fs.mkdir(tmp);
  process.env.TMPDIR = tmp;
  mediaServer = http.createServer((_req, res) => res.writeHead(404).end());
  await new Promise<void>((resolve) => mediaServer.listen(0, '127.0.0.1', resolve));
  mediaBase = `http://127.0.0.1:${(mediaServer.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => mediaServer?.close(resolve));
  await archive?.close();
});

describe('a pack with clips that cannot be cut', () => {
  it('still exports: the other clips, and for each such clip its captions, handout entry and the reason', async () => {
    const { cues } = archive.episodes.facial;
    await variant('pack-no-media', null);
    await variant('pack-remote-gone', `${mediaBase}/gone.mp3`, 'audio/mpeg');
    const ok = await makeClip(archive.episodes.facial.episode.id, cues[0]!.start, cues[0]!.end);
    const none = await makeClip('pack-no-media', cues[1]!.start, cues[1]!.end);
    const gone = await makeClip('pack-remote-gone', cues[2]!.start, cues[2]!.end);
    const files = await zipOf(
      await makePack([{ clipId: ok.clip.id }, { clipId: none.clip.id }, { clipId: gone.clip.id }]),
    );
    const names = Object.keys(files).sort();
    expect(names.filter((n) => n.endsWith('.opus'))).toEqual([expect.stringMatching(/^01-/)]);
    expect(names.filter((n) => n.endsWith('.vtt'))).toHaveLength(3);
    expect(names.filter((n) => n.endsWith('.srt'))).toHaveLength(3);
    expect(strFromU8(files[names.find((n) => /^02-.*\.vtt$/.test(n))!]!)).toContain(cues[1]!.text);

    const handout = strFromU8(files['handout.md']!);
    const section = (n: number) => handout.split(/^## /m)[n] ?? '';
    expect(section(2)).toContain(`“${cues[1]!.text}”`);
    expect(section(2)).toContain('(Libertés numériques, 2024, 0:');
    expect(section(2)).toContain('No media for this clip in this pack: Episode pack-no-media has no media');
    expect(section(3)).toContain(
      `No media for this clip in this pack: The episode's remote media ${mediaBase}/gone.mp3 could not be fetched: HTTP 404`,
    );
    const page = strFromU8(files['index.html']!);
    expect(page).toContain('has no media');
    expect(page).toContain('could not be fetched: HTTP 404');
    expect(page).toContain(`"mediaFile":null`);
  });
});

describe('the offline page of a pack', () => {
  it('plays video clips in a <video> element', async () => {
    const { episode, cues } = archive.episodes.facial;
    const media = 'libertes-numeriques/pack-video.mp4';
    const seconds = String(Math.ceil(episode.duration));
    await writeTestVideo(path.join(archive.config.transcriptsDir, media), seconds, '160x120', 10);
    await variant('pack-video', media, 'video/mp4');
    const video = await makeClip('pack-video', cues[1]!.start, cues[1]!.end);
    const files = await zipOf(await makePack([{ clipId: video.clip.id }]));
    expect(Object.keys(files).filter((n) => n.endsWith('.mp4'))).toHaveLength(1);
    const page = strFromU8(files['index.html']!);
    expect(page).toMatch(/<video id="player"[^>]*>/);
    expect(page).not.toContain('<audio');
    expect(page).toContain('"mediaType":"video/mp4"');
    // The player script at least compiles.
    const script = /<script>([\s\S]*)<\/script>/.exec(page)?.[1] ?? '';
    expect(() => new vm.Script(script)).not.toThrow();
  });

  it('says to watch a video clip, not to listen to it, in English and French', async () => {
    const { episode, cues } = archive.episodes.facial;
    const media = 'libertes-numeriques/pack-watch.mp4';
    await writeTestVideo(
      path.join(archive.config.transcriptsDir, media),
      String(Math.ceil(episode.duration)),
      '160x120',
      10,
    );
    await variant('pack-watch', media, 'video/mp4');
    const video = await makeClip('pack-watch', cues[1]!.start, cues[1]!.end);
    const audio = await makeClip(episode.id, cues[2]!.start, cues[2]!.end);
    const packId = await makePack([{ clipId: video.clip.id }]);

    // Before: "Listen to the clip:" and "Écouter l’extrait :", "à écouter", "Tout écouter" for a video.
    const en = strFromU8((await zipOf(packId))['handout.md']!);
    expect(en).toContain('Watch the clip: <');
    expect(en).not.toContain('Listen');
    const fr = await zipOf(packId, '?lang=fr');
    const frHandout = strFromU8(fr['handout.md']!);
    expect(frHandout).toContain('Regarder l’extrait : <');
    expect(frHandout).toContain('1 extrait à regarder,');
    expect(frHandout).not.toContain('couter');
    const frPage = strFromU8(fr['index.html']!);
    expect(frPage).toContain('>Tout regarder dans l’ordre</button>');
    expect(frPage).toContain('>Regarder cet extrait</button>');
    expect(frPage).not.toContain('couter');

    // A pack of both: each clip as it is, the pack played ("lire"), listened to or watched.
    const both = await zipOf(
      await makePack([{ clipId: video.clip.id }, { clipId: audio.clip.id }]),
      '?lang=fr',
    );
    const bothHandout = strFromU8(both['handout.md']!);
    expect(bothHandout).toContain('2 extraits à écouter ou regarder,');
    const section = (n: number) => bothHandout.split(/^## /m)[n] ?? '';
    expect(section(1)).toContain('Regarder l’extrait : <');
    expect(section(2)).toContain('Écouter l’extrait : <');
    const bothPage = strFromU8(both['index.html']!);
    expect(bothPage).toContain('>Tout lire dans l’ordre</button>');
    expect(bothPage).toContain('>Écouter cet extrait</button>');
  });
});

/** The modification time a zip's first entry says (DOS date and time, local time, 2 s steps). */
function firstEntryTime(zip: Uint8Array): Date {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  expect(view.getUint32(0, true)).toBe(0x04034b50);
  const time = view.getUint16(10, true);
  const date = view.getUint16(12, true);
  return new Date(
    (date >> 9) + 1980,
    ((date >> 5) & 15) - 1,
    date & 31,
    time >> 11,
    (time >> 5) & 63,
    (time & 31) * 2,
  );
}

describe('downloading again', () => {
  it('gives the same bytes: a clip’s audio, and a pack’s zip dated when the pack was made', async () => {
    const { episode, cues } = archive.episodes.facial;
    const made = await makeClip(episode.id, cues[1]!.start, cues[2]!.end);
    const audio = async () =>
      new Uint8Array(await (await app.request(`/api/clips/${made.clip.id}/export/audio`)).arrayBuffer());
    const firstAudio = await audio();
    expect(firstAudio.length).toBeGreaterThan(1000);
    expect(Buffer.from(await audio()).equals(firstAudio)).toBe(true);

    // A pack made some time ago: its files are dated then, not at each download.
    const madeAt = new Date('2025-01-15T10:20:30Z');
    const { pack } = await createPack(
      archive.store,
      { title: 'Le TD', items: [{ clipId: made.clip.id, note: 'à écouter' }] },
      madeAt,
    );
    const zip = async () =>
      new Uint8Array(await (await app.request(`/api/packs/${pack.id}/export.zip`)).arrayBuffer());
    const firstZip = await zip();
    expect(firstEntryTime(firstZip)).toEqual(madeAt);
    expect(Buffer.from(await zip()).equals(firstZip)).toBe(true);
  });
});

describe('a pack whose clips were deleted', () => {
  it('keeps each deleted clip in its place with its note, in the API, the handout and the offline page', async () => {
    const { episode, cues } = archive.episodes.facial;
    const clips = [
      await makeClip(episode.id, cues[0]!.start, cues[0]!.end),
      await makeClip(episode.id, cues[1]!.start, cues[1]!.end),
      await makeClip(episode.id, cues[2]!.start, cues[2]!.end),
    ];
    const packId = await makePack([
      { clipId: clips[0]!.clip.id },
      { clipId: clips[1]!.clip.id, note: 'Question 2 : qui décide ?' },
      { clipId: clips[2]!.clip.id, note: 'Pour conclure' },
    ]);
    const del = await app.request(`/api/clips/${clips[1]!.clip.id}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${clips[1]!.editToken}` },
    });
    expect(del.status).toBe(204);

    const view = (await (await app.request(`/api/packs/${packId}`)).json()) as {
      items: { missing: boolean; clipId?: string; note: string | null; clip?: { id: string } }[];
    };
    expect(view.items).toHaveLength(3);
    expect(view.items.map((i) => i.missing)).toEqual([false, true, false]);
    expect(view.items[1]).toMatchObject({ clipId: clips[1]!.clip.id, note: 'Question 2 : qui décide ?' });
    expect(view.items[2]).toMatchObject({ clip: { id: clips[2]!.clip.id }, note: 'Pour conclure' });

    const files = await zipOf(packId);
    const handout = strFromU8(files['handout.md']!);
    expect(handout).toContain('## 2. Clip 2 was deleted');
    expect(handout).toContain('Question 2 : qui décide ?');
    expect(handout).toMatch(/## 3\. .*\n[\s\S]*Pour conclure/);
    expect(Object.keys(files).filter((n) => n.endsWith('.opus'))).toEqual([
      expect.stringMatching(/^01-/),
      expect.stringMatching(/^03-/),
    ]);
    const page = strFromU8(files['index.html']!);
    expect(page).toContain('Clip 2 was deleted');
    expect(page).toContain('Question 2 : qui décide ?');
    expect((await app.request(`/packs/${packId}`)).status).toBe(200);
  });

  it('exports a pack whose clips are all deleted as a zip that says so', async () => {
    const { episode, cues } = archive.episodes.facial;
    const only = await makeClip(episode.id, cues[3]!.start, cues[3]!.end);
    const packId = await makePack([{ clipId: only.clip.id, note: 'À écouter en premier' }]);
    await app.request(`/api/clips/${only.clip.id}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${adminToken}` },
    });
    const files = await zipOf(packId);
    expect(strFromU8(files['index.html']!)).toContain('Clip 1 was deleted');
    expect(strFromU8(files['index.html']!)).toContain('À écouter en premier');
    expect(strFromU8(files['handout.md']!)).toContain('## 1. Clip 1 was deleted');
  });
});

describe('a clip whose transcript was edited after it was cut', () => {
  it('keeps its stored quote and says the transcript changed in every export', async () => {
    const { episode, cues } = archive.episodes.facial;
    await variant('edited-later', episode.media);
    const made = await makeClip('edited-later', cues[2]!.start, cues[2]!.end);
    const edited = cues.map((c, i) => (i === 2 ? { ...c, text: 'Une phrase corrigée après coup.' } : c));
    await archive.store.replaceEpisode({
      episode: { ...episode, id: 'edited-later', source: 'edited-later.vtt', revision: 'rev-edited-2' },
      cues: edited,
    });
    const notice = 'transcript was edited after this clip was cut';

    const vtt = await (await app.request(`/api/clips/${made.clip.id}/export/vtt`)).text();
    expect(vtt).toMatch(/^WEBVTT\n\nNOTE .*transcript was edited after this clip was cut/);
    expect(vtt).toContain('Une phrase corrigée après coup.');
    const srt = await app.request(`/api/clips/${made.clip.id}/export/srt`);
    expect(srt.headers.get('x-verbatim-transcript-changed')).toBe('true');
    const md = await (await app.request(`/api/clips/${made.clip.id}/export/md`)).text();
    expect(md).toContain(`> “${cues[2]!.text}”`);
    expect(md).toContain(notice);

    const files = await zipOf(await makePack([{ clipId: made.clip.id }]));
    const handout = strFromU8(files['handout.md']!);
    expect(handout).toContain(`> “${cues[2]!.text}”`);
    expect(handout).toContain(notice);
    const page = strFromU8(files['index.html']!);
    expect(page).toContain(notice);
    expect(page).toContain(`“${cues[2]!.text}”`);
    const vttInZip = Object.keys(files).find((n) => n.endsWith('.vtt'))!;
    expect(strFromU8(files[vttInZip]!)).toContain(notice);
  });
});

describe('long pack exports', () => {
  // A 300 s MP3 tone in three long cues: each clip takes ffmpeg a second or more to cut.
  let longId: string;
  const longCues: Cue[] = [0, 10, 150, 290].map((start, i, all) => ({
    start,
    end: all[i + 1] ?? 300,
    speaker: 'Tone',
    text: `Part ${i + 1}`,
  }));
  beforeAll(async () => {
    const media = 'libertes-numeriques/long-tone.mp3';
    await writeToneMp3(path.join(archive.config.transcriptsDir, media), 300);
    longId = 'long-tone';
    const { episode } = archive.episodes.facial;
    await archive.store.replaceEpisode({
      episode: {
        ...episode,
        id: longId,
        source: 'long-tone.vtt',
        media,
        mediaType: 'audio/mpeg',
        duration: 300,
      },
      cues: longCues,
    });
  });

  const longPack = async (count: number, a = app) => {
    const clips: Made[] = [];
    for (let i = 0; i < count; i++) clips.push(await makeClip(longId, 10, 290, a));
    return makePack(
      clips.map((c) => ({ clipId: c.clip.id })),
      a,
    );
  };

  it('refuses a pack over the media limit with a 413 naming the limit and the total, before any work', async () => {
    const capped = createClipsTestApp({
      ...archive.deps,
      config: { ...archive.config, maxPackExportSeconds: 600 },
    });
    const packId = await longPack(3, capped);
    const res = await capped.request(`/api/packs/${packId}/export.zip`);
    expect(res.status).toBe(413);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe('payload_too_large');
    expect(body.error.message).toContain('14 min (840 s)');
    expect(body.error.message).toContain('limited to 10 min (600 s)');
    expect(body.error.message).toContain('VERBATIM_MAX_PACK_EXPORT_SECONDS');
    expect((await cutWorkInTmp()).dirs).toEqual([]);
    // The default is an hour.
    expect(archive.config.maxPackExportSeconds).toBe(3600);
  });

  it('stops cutting when the client goes away: no ffmpeg left, no work dir left', async () => {
    const packId = await longPack(6);
    const client = new AbortController();
    const pending = Promise.resolve(
      app.request(`/api/packs/${packId}/export.zip`, { signal: client.signal }),
    ).then(
      async (res) => res.arrayBuffer(),
      () => null,
    );
    pending.catch(() => {});
    expect(await until(async () => (await cutWorkInTmp()).ffmpeg.length > 0, 20_000)).toBe(true);
    client.abort();
    // Cutting the rest would take seconds; cancelled work is gone at once.
    const gone = await until(async () => {
      const work = await cutWorkInTmp();
      return work.ffmpeg.length === 0 && work.dirs.length === 0;
    }, 1500);
    expect(await cutWorkInTmp()).toEqual({ ffmpeg: [], dirs: [] });
    expect(gone).toBe(true);
  });

  it('takes a cut slot per clip: a single export is answered while a long pack is still being cut', async () => {
    const oneSlot = createClipsTestApp(archive.deps, { clips: { maxConcurrentCuts: 1 } });
    const packId = await longPack(4, oneSlot);
    const single = await makeClip(
      archive.episodes.facial.episode.id,
      0,
      archive.episodes.facial.cues[0]!.end,
    );
    const done: string[] = [];
    const pack = Promise.resolve(oneSlot.request(`/api/packs/${packId}/export.zip`)).then(async (res) => {
      expect(res.status).toBe(200);
      await res.arrayBuffer();
      done.push('pack');
    });
    expect(await until(async () => (await cutWorkInTmp()).ffmpeg.length > 0, 20_000)).toBe(true);
    const res = await oneSlot.request(`/api/clips/${single.clip.id}/export/audio`);
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    done.push('single');
    await pack;
    expect(done).toEqual(['single', 'pack']);
  });
});
