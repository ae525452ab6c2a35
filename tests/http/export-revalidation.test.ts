// Transcript and chapter exports carry an ETag that follows the episode's content: a course
// page, a proxy or a link checker revalidates them (304, no body) until the transcript
// changes, and then gets the new text.
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFolder } from '../../server/ingest/ingest-folder.ts';
import { createTestArchive, type TestArchive } from './http-test-archive.ts';

const FACIAL = 'libertes-numeriques--recours-reconnaissance-faciale';
const EXPORTS = ['transcript.vtt', 'transcript.srt', 'transcript.json', 'transcript.txt', 'chapters.json'];

let t: TestArchive;

beforeAll(async () => {
  t = await createTestArchive();
}, 60_000);

afterAll(async () => {
  await t?.cleanup();
});

const get = (file: string, etag?: string) =>
  t.app.request(`/api/episodes/${FACIAL}/${file}`, etag ? { headers: { 'If-None-Match': etag } } : {});

describe('export revalidation', () => {
  it('tags each export, one tag per format, and answers 304 without a body while nothing changed', async () => {
    const tags = new Set<string>();
    for (const file of EXPORTS) {
      const first = await get(file);
      expect(first.status, file).toBe(200);
      const etag = first.headers.get('ETag');
      expect(etag, file).toMatch(/^W\/".+"$/);
      tags.add(etag!);
      const again = await get(file, etag!);
      expect(again.status, file).toBe(304);
      expect(await again.text(), file).toBe('');
      expect(again.headers.get('ETag'), file).toBe(etag);
    }
    expect(tags.size).toBe(EXPORTS.length);
  });

  it('gives the new text once the transcript changed and was ingested again', async () => {
    const before = await get('transcript.vtt');
    const etag = before.headers.get('ETag')!;
    const file = path.join(
      t.config.transcriptsDir,
      'libertes-numeriques',
      'recours-reconnaissance-faciale.vtt',
    );
    appendFileSync(file, '\n00:00:40.000 --> 00:00:42.000\n<v Inès Duval>Une phrase ajoutée après coup.\n');
    await ingestFolder({ transcriptsDir: t.config.transcriptsDir, store: t.archive.store });
    const after = await get('transcript.vtt', etag);
    expect(after.status).toBe(200);
    expect(after.headers.get('ETag')).not.toBe(etag);
    expect(await after.text()).toContain('Une phrase ajoutée après coup.');
  });

  it('answers 404, not 304, for an episode that does not exist, whatever the tag', async () => {
    const res = await t.app.request('/api/episodes/nope/transcript.vtt', {
      headers: { 'If-None-Match': '*' },
    });
    expect(res.status).toBe(404);
  });
});
