// `npm run demo:audio [-- --out <dir>] [--only <episode-base>]`
// Regenerates the demo archive in transcripts/ from server/demo/episodes: speech with
// espeak-ng, transcripts and sidecars whose times are the speech's real positions, and
// compressed media (Opus audio, or a still-image WebM for the English episode).
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { demoShows } from './demo-shows.ts';
import type { DemoEpisode } from './demo-types.ts';
import { demoEpisodes } from './episodes/index.ts';
import {
  renderChapters,
  renderEpisodeMeta,
  renderShow,
  renderTranscript,
  transcriptExtension,
} from './render-demo-files.ts';
import { SAMPLE_RATE, assertDemoToolsInstalled, runTool, synthesizeEpisode } from './synthesize-episode.ts';

const displayPath = (file: string): string => {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') ? file : relative;
};

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const AUDIO_BITRATE = '16k';
const VIDEO_FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

/** ffmpeg flags that keep output byte-identical between runs (no random stream serials or encoder tags). */
const bitexact = ['-fflags', '+bitexact', '-flags:a', '+bitexact', '-map_metadata', '-1'];

async function encodeMedia(
  episode: DemoEpisode,
  showTitle: string,
  pcmFile: string,
  duration: number,
  outFile: string,
  workDir: string,
): Promise<void> {
  const pcmInput = ['-f', 's16le', '-ar', String(SAMPLE_RATE), '-ac', '1', '-i', pcmFile];
  const tags = [
    ...['-metadata', `title=${episode.title}`],
    ...['-metadata', `artist=${showTitle}`],
    ...['-metadata', `date=${episode.date}`],
    ...['-metadata', `copyright=${episode.license}`],
  ];
  const audio = ['-c:a', 'libopus', '-b:a', AUDIO_BITRATE, '-application', 'voip'];
  if (episode.media === 'opus') {
    await runTool('ffmpeg', ['-y', '-v', 'error', ...pcmInput, ...audio, ...bitexact, ...tags, outFile]);
    return;
  }
  // A title card over a plain background: tiny once VP9 sees that nothing moves.
  const filters = ['format=yuv420p'];
  if (existsSync(VIDEO_FONT)) {
    const titleFile = path.join(workDir, `${episode.base}-title.txt`);
    const showFile = path.join(workDir, `${episode.base}-show.txt`);
    await fs.writeFile(titleFile, episode.title);
    await fs.writeFile(showFile, showTitle);
    filters.unshift(
      `drawtext=fontfile=${VIDEO_FONT}:textfile=${titleFile}:fontcolor=white:fontsize=30:x=(w-text_w)/2:y=(h-text_h)/2-20`,
      `drawtext=fontfile=${VIDEO_FONT}:textfile=${showFile}:fontcolor=0xb8c4d6:fontsize=18:x=(w-text_w)/2:y=(h-text_h)/2+30`,
    );
  }
  await runTool('ffmpeg', [
    ...['-y', '-v', 'error'],
    // The background lasts exactly as long as the speech (`-shortest` overshoots by seconds).
    ...['-f', 'lavfi', '-i', `color=c=0x1f2d3d:s=640x360:r=5:d=${duration.toFixed(3)}`],
    ...pcmInput,
    ...['-map', '0:v', '-map', '1:a'],
    ...['-vf', filters.join(',')],
    ...['-c:v', 'libvpx-vp9', '-b:v', '0', '-crf', '50', '-threads', '1', '-g', '250'],
    ...audio,
    ...bitexact,
    ...['-flags:v', '+bitexact'],
    ...tags,
    outFile,
  ]);
}

async function probeDuration(file: string): Promise<number> {
  const out = await runTool('ffprobe', [
    ...['-v', 'error', '-show_entries', 'format=duration', '-of', 'default=noprint_wrappers=1:nokey=1'],
    file,
  ]);
  return Number(out.toString().trim());
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { out: { type: 'string' }, only: { type: 'string', multiple: true } },
  });
  assertDemoToolsInstalled();
  const outDir = path.resolve(values.out ?? path.join(repoRoot, 'transcripts'));
  const only = values.only;
  const episodes = only ? demoEpisodes.filter((e) => only.includes(e.base)) : demoEpisodes;
  if (only && episodes.length !== only.length) {
    throw new Error(`--only names unknown episodes; known: ${demoEpisodes.map((e) => e.base).join(', ')}`);
  }
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'verbatim-demo-'));
  try {
    for (const show of demoShows) {
      await fs.mkdir(path.join(outDir, show.slug), { recursive: true });
      const file = path.join(outDir, show.slug, 'show.json');
      await fs.writeFile(file, renderShow(show));
      console.log(`wrote ${displayPath(file)}`);
    }
    let totalBytes = 0;
    for (const episode of episodes) {
      const show = demoShows.find((s) => s.slug === episode.show);
      if (!show) throw new Error(`${episode.base}: unknown show "${episode.show}"`);
      const folder = path.join(outDir, show.slug);
      const synthesized = await synthesizeEpisode(episode);
      const mediaName = `${episode.base}.${episode.media}`;
      const pcmFile = path.join(workDir, `${episode.base}.pcm`);
      await fs.writeFile(pcmFile, synthesized.pcm);
      const mediaFile = path.join(folder, mediaName);
      await encodeMedia(episode, show.title, pcmFile, synthesized.duration, mediaFile, workDir);
      const mediaDuration = await probeDuration(mediaFile);
      const { size } = await fs.stat(mediaFile);
      totalBytes += size;

      const files: [name: string, content: string][] = [
        [
          `${episode.base}.${transcriptExtension[episode.format]}`,
          renderTranscript(episode, synthesized.cues),
        ],
        [`${episode.base}.meta.json`, renderEpisodeMeta(episode, mediaName, mediaDuration)],
        [`${episode.base}.chapters.json`, renderChapters(synthesized.chapters)],
      ];
      for (const [name, content] of files) await fs.writeFile(path.join(folder, name), content);
      const lastEnd = synthesized.cues.at(-1)?.end ?? 0;
      console.log(
        `wrote ${displayPath(folder)}/${episode.base}.{${transcriptExtension[episode.format]},meta.json,chapters.json,${episode.media}}: ` +
          `${episode.format}, ${synthesized.cues.length} cues, last cue ends ${lastEnd.toFixed(3)} s, ` +
          `media ${mediaDuration.toFixed(3)} s, ${(size / 1024).toFixed(0)} KiB`,
      );
    }
    console.log(`${episodes.length} episodes, media ${(totalBytes / 1024).toFixed(0)} KiB in total`);
  } finally {
    await fs.rm(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
