import { afterEach, describe, expect, it } from 'vitest';
import { parseTranscriptFile } from '../../server/ingest/parse-transcript-file.ts';
import {
  createTranscriptParserPool,
  type TranscriptParserPool,
} from '../../server/ingest/transcript-parser-pool.ts';
import { makeCues, toSrt, toVtt } from '../fixtures/ingest/transcript-files.ts';

let pool: TranscriptParserPool | null = null;

afterEach(async () => {
  await pool?.close();
  pool = null;
});

describe('transcript parser pool', () => {
  it('parses on a worker thread exactly as inline, rejections included', async () => {
    pool = createTranscriptParserPool(1, 0);
    expect(await pool.warmUp()).toBe(1);
    const files: [string, Buffer][] = [
      ['entretien.vtt', Buffer.from(toVtt(makeCues(40, 1)))],
      ['entretien.srt', Buffer.from(toSrt(makeCues(30, 2)))],
      ['casse.vtt', Buffer.from('Ce fichier n’a pas d’en-tête\n\n00:01.000 --> 00:02.000\nTexte\n')],
    ];
    const viaWorker = await Promise.all(files.map(([name, content]) => pool!.parse(name, content)));
    expect(viaWorker).toEqual(files.map(([name, content]) => parseTranscriptFile(name, content)));
    expect(viaWorker.map((o) => o.ok)).toEqual([true, true, false]);
  });

  it('parses inline when no worker is wanted', async () => {
    pool = createTranscriptParserPool(0);
    expect(await pool.warmUp()).toBe(0);
    const outcome = await pool.parse('a.vtt', Buffer.from(toVtt(makeCues(3, 4))));
    expect(outcome).toMatchObject({ ok: true, format: 'vtt' });
  });
});
