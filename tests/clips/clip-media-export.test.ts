// ffmpeg exports on real speech (espeak-ng → Opus): the cut's duration matches the
// range and its captions line up; remote media is fetched with limits or refused.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { probeDuration } from '../../server/clips/cut-media.ts';
import { createClipsTestApp, json } from './clips-test-app.ts';
import {
  createClipTestArchive,
  writeTestVideo,
  writeToneMp3,
  type ClipTestArchive,
} from './clip-test-archive.ts';

// citation-js, ffmpeg and espeak-ng are slow to start on a busy two-core machine.
vi.setConfig({ testTimeout: 120000 });

const run = promisify(execFile);

let archive: ClipTestArchive;
let app: ReturnType<typeof createClipsTestApp>;
let mediaServer: http.Server;
let mediaBase: string;

beforeAll(async () => {
  archive = await createClipTestArchive();
  app = createClipsTestApp(archive.deps);
  const opus = await fs.readFile(
    path.join(archive.config.transcriptsDir, archive.episodes.facial.episode.media!),
  );
  // A stand-in podcast CDN on 127.0.0.1 serving the same real audio.
  mediaServer = http.createServer((req, res) => {
    if (req.url === '/episode.opus') {
      res.writeHead(200, { 'Content-Type': 'audio/ogg', 'Content-Length': opus.length });
      res.end(opus);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => mediaServer.listen(0, '127.0.0.1', resolve));
  mediaBase = `http://127.0.0.1:${(mediaServer.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => mediaServer?.close(resolve));
  await archive?.close();
});

interface Made {
  clip: { id: string; start: number; end: number };
}

async function makeClip(episodeId: string, start: number, end: number): Promise<Made> {
  const res = await app.request('/api/clips', json({ episodeId, start, end }));
  expect(res.status).toBe(201);
  return (await res.json()) as Made;
}

async function saveResponse(res: Response, name: string): Promise<string> {
  const file = path.join(archive.dir, name);
  await fs.writeFile(file, Buffer.from(await res.arrayBuffer()));
  return file;
}

function vttStarts(vtt: string): number[] {
  return [...vtt.matchAll(/(\d\d):(\d\d):(\d\d)\.(\d{3}) -->/g)].map(
    (m) => Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) + Number(m[4]) / 1000,
  );
}

describe('audio export', () => {
  it('cuts the range: ffprobe duration within 0.1 s, captions start at 0 and fit the file', async () => {
    const { episode, cues } = archive.episodes.facial;
    const made = await makeClip(episode.id, cues[2]!.start, cues[4]!.end);
    const res = await app.request(`/api/clips/${made.clip.id}/export/audio`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('audio/ogg');
    expect(res.headers.get('content-disposition')).toMatch(/filename=".*\.opus"/);
    const file = await saveResponse(res, 'cut.opus');
    const duration = await probeDuration(file);
    expect(Math.abs(duration - (made.clip.end - made.clip.start))).toBeLessThan(0.1);

    const vtt = await (await app.request(`/api/clips/${made.clip.id}/export/vtt`)).text();
    const starts = vttStarts(vtt);
    expect(starts[0]).toBe(0);
    // Each caption starts where its sentence starts in the cut file.
    expect(starts[1]).toBeCloseTo(cues[3]!.start - cues[2]!.start, 2);
    expect(starts[2]).toBeCloseTo(cues[4]!.start - cues[2]!.start, 2);
    expect(Math.max(...starts)).toBeLessThan(duration);
  });

  it('the cut holds speech, not silence, and lasts as long as its sentence', async () => {
    const { episode, cues } = archive.episodes.facial;
    const made = await makeClip(episode.id, cues[1]!.start, cues[1]!.end);
    const file = await saveResponse(await app.request(`/api/clips/${made.clip.id}/export/audio`), 'one.opus');
    // Loud enough to be speech, not silence: the mean volume of the cut.
    const { stderr } = await run('ffmpeg', [
      '-hide_banner',
      '-i',
      file,
      '-af',
      'volumedetect',
      '-f',
      'null',
      '-',
    ]);
    const mean = Number(/mean_volume: (-?[\d.]+) dB/.exec(stderr)?.[1]);
    expect(mean).toBeGreaterThan(-40);
    expect(Math.abs((await probeDuration(file)) - (cues[1]!.end - cues[1]!.start))).toBeLessThan(0.1);
  });

  it('cuts video to an H.264 MP4 of the range', async () => {
    const { episode, cues } = archive.episodes.facial;
    const media = 'libertes-numeriques/facial-video.mp4';
    const seconds = String(Math.ceil(episode.duration));
    // A real video file: a test pattern with a tone, as long as the episode.
    await writeTestVideo(path.join(archive.config.transcriptsDir, media), seconds, '320x240', 25);
    await archive.store.replaceEpisode({
      episode: {
        ...episode,
        id: 'video-episode',
        source: 'video-episode.vtt',
        media,
        mediaType: 'video/mp4',
      },
      cues,
    });
    const made = await makeClip('video-episode', cues[1]!.start, cues[2]!.end);
    const res = await app.request(`/api/clips/${made.clip.id}/export/audio`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('video/mp4');
    const file = await saveResponse(res, 'cut.mp4');
    expect(Math.abs((await probeDuration(file)) - (made.clip.end - made.clip.start))).toBeLessThan(0.1);
    const { stdout } = await run('ffprobe', [
      '-v',
      'error',
      '-show_entries',
      'stream=codec_name',
      '-of',
      'csv=p=0',
      file,
    ]);
    expect(stdout.split('\n').filter(Boolean).sort()).toEqual(['aac', 'h264']);
  });

  it('fetches remote media within the limits', async () => {
    const { episode, cues } = archive.episodes.facial;
    await archive.store.replaceEpisode({
      episode: { ...episode, id: 'remote-ok', source: 'remote-ok.vtt', media: `${mediaBase}/episode.opus` },
      cues,
    });
    const made = await makeClip('remote-ok', cues[0]!.start, cues[1]!.end);
    const res = await app.request(`/api/clips/${made.clip.id}/export/audio`);
    expect(res.status).toBe(200);
    const duration = await probeDuration(await saveResponse(res, 'remote.opus'));
    expect(Math.abs(duration - (made.clip.end - made.clip.start))).toBeLessThan(0.1);
  });

  it('refuses remote media it cannot fetch or that is too large, with a clear message', async () => {
    const { episode, cues } = archive.episodes.facial;
    await archive.store.replaceEpisode({
      episode: {
        ...episode,
        id: 'remote-missing',
        source: 'remote-missing.vtt',
        media: `${mediaBase}/gone.opus`,
      },
      cues,
    });
    const missing = await makeClip('remote-missing', cues[0]!.start, cues[0]!.end);
    const res = await app.request(`/api/clips/${missing.clip.id}/export/audio`);
    expect(res.status).toBe(502);
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message).toBe(
      `The episode's remote media ${mediaBase}/gone.opus could not be fetched: HTTP 404`,
    );

    const small = createClipsTestApp({
      ...archive.deps,
      config: { ...archive.config, maxUploadBytes: 1000 },
    });
    await archive.store.replaceEpisode({
      episode: { ...episode, id: 'remote-big', source: 'remote-big.vtt', media: `${mediaBase}/episode.opus` },
      cues,
    });
    const big = await makeClip('remote-big', cues[0]!.start, cues[0]!.end);
    const tooBig = await small.request(`/api/clips/${big.clip.id}/export/audio`);
    expect(tooBig.status).toBe(413);
    expect(((await tooBig.json()) as { error: { message: string } }).error.message).toContain('1000 bytes');
  });

  it('answers 404 when the episode has no media', async () => {
    const { episode, cues } = archive.episodes.facial;
    await archive.store.replaceEpisode({
      episode: { ...episode, id: 'no-media', source: 'no-media.vtt', media: null },
      cues,
    });
    const made = await makeClip('no-media', cues[0]!.start, cues[0]!.end);
    const res = await app.request(`/api/clips/${made.clip.id}/export/audio`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('has no media');
  });
});

/** Decodes a file to mono 16-bit PCM at its own rate: the samples and the rate. */
async function decodePcm(file: string): Promise<{ samples: Int16Array; rate: number }> {
  const { stdout: rate } = await run('ffprobe', [
    '-v',
    'error',
    '-select_streams',
    'a:0',
    '-show_entries',
    'stream=sample_rate',
    '-of',
    'csv=p=0',
    file,
  ]);
  const raw = path.join(archive.dir, `${path.basename(file)}.raw`);
  await run('ffmpeg', ['-loglevel', 'error', '-y', '-i', file, '-ac', '1', '-f', 's16le', raw]);
  const bytes = await fs.readFile(raw);
  return {
    samples: new Int16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2),
    rate: Number(rate.trim()),
  };
}

const peak = (samples: Int16Array) => samples.reduce((m, s) => Math.max(m, Math.abs(s)), 0);

describe('MP3 export', () => {
  it('starts with the sound of the range, not with the silence of a cold decoder, and lasts the range', async () => {
    // A 440 Hz tone at a known level (peak ≈ 4096) for 200 s, as LAME encodes a podcast.
    const media = 'libertes-numeriques/tone.mp3';
    await writeToneMp3(path.join(archive.config.transcriptsDir, media), 200, 44_100);
    const { episode } = archive.episodes.facial;
    const cues = [0, 125, 127.5, 200].slice(0, -1).map((start, i, all) => ({
      start,
      end: all[i + 1] ?? 200,
      speaker: 'Tone',
      text: `Part ${i + 1}`,
    }));
    await archive.store.replaceEpisode({
      episode: {
        ...episode,
        id: 'mp3-episode',
        source: 'mp3-episode.vtt',
        media,
        mediaType: 'audio/mpeg',
        duration: 200,
      },
      cues,
    });
    const made = await makeClip('mp3-episode', 125, 127.5);
    expect([made.clip.start, made.clip.end]).toEqual([125, 127.5]);
    const res = await app.request(`/api/clips/${made.clip.id}/export/audio`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('audio/mpeg');
    const { samples, rate } = await decodePcm(await saveResponse(res, 'tone-cut.mp3'));
    // The first 20 ms are the tone (a cold MP3 decoder gives ~85 ms of zeros here).
    expect(peak(samples.subarray(0, Math.round(rate * 0.02)))).toBeGreaterThan(2000);
    // Exactly the range: 2.5 s of samples, to the millisecond.
    expect(Math.abs(samples.length / rate - 2.5)).toBeLessThan(0.001);
  });
});

describe('pack zip', () => {
  it('holds each clip’s media and captions, handout.md and a self-contained index.html', async () => {
    const { facial, biometrics } = archive.episodes;
    const clips = [
      await makeClip(facial.episode.id, facial.cues[0]!.start, facial.cues[1]!.end),
      await makeClip(biometrics.episode.id, biometrics.cues[1]!.start, biometrics.cues[1]!.end),
      await makeClip(facial.episode.id, facial.cues[3]!.start, facial.cues[3]!.end),
    ];
    const created = await app.request(
      '/api/packs',
      json({
        title: 'Reconnaissance faciale & biométrie',
        intro: 'Trois extraits pour le TD.',
        items: clips.map((c, i) => ({ clipId: c.clip.id, note: i === 1 ? 'À comparer avec le RGPD' : null })),
      }),
    );
    const { pack } = (await created.json()) as { pack: { id: string } };
    const res = await app.request(`/api/packs/${pack.id}/export.zip`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const names = Object.keys(files).sort();
    expect(names.filter((n) => n.endsWith('.opus'))).toHaveLength(3);
    expect(names.filter((n) => n.endsWith('.vtt'))).toHaveLength(3);
    expect(names.filter((n) => n.endsWith('.srt'))).toHaveLength(3);
    expect(names).toContain('handout.md');
    expect(names).toContain('index.html');
    expect(names.filter((n) => n.endsWith('.opus'))[0]).toMatch(/^01-/);

    // Every media file has its clip's duration.
    for (const [i, name] of names.filter((n) => n.endsWith('.opus')).entries()) {
      const file = path.join(archive.dir, name);
      await fs.writeFile(file, files[name]!);
      const clip = clips[i]!.clip;
      expect(Math.abs((await probeDuration(file)) - (clip.end - clip.start))).toBeLessThan(0.1);
    }

    const handout = strFromU8(files['handout.md']!);
    expect(handout.startsWith('# Reconnaissance faciale & biométrie\n')).toBe(true);
    expect(handout).toContain(`> “${biometrics.cues[1]!.text}”`);
    expect(handout).toContain('À comparer avec le RGPD');
    expect(handout).toContain('(Libertés numériques, 2024, 0:');
    expect(handout).toContain(`http://localhost/clips/${clips[2]!.clip.id}`);

    const page = strFromU8(files['index.html']!);
    expect(page).toContain('<title>Reconnaissance faciale &amp; biométrie</title>');
    // Offline: no external scripts, styles or media.
    expect(page).not.toMatch(/<script[^>]+src=/);
    expect(page).not.toMatch(/<link[^>]+stylesheet/);
    for (const name of names.filter((n) => n.endsWith('.opus')))
      expect(page).toContain(`"mediaFile":"${name}"`);
  });
});
