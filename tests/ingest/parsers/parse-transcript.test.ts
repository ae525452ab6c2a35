import { describe, expect, it } from 'vitest';
import {
  isTranscriptFileName,
  parseTranscript,
  TRANSCRIPT_EXTENSIONS,
} from '../../../server/ingest/parsers/parse-transcript.ts';
import { catchParseError, readFormatFixture } from './read-format-fixture.ts';

describe('parseTranscript', () => {
  it('chooses the format by extension (case-insensitive)', () => {
    expect(TRANSCRIPT_EXTENSIONS).toEqual(['.vtt', '.srt', '.json', '.md', '.txt']);
    expect(parseTranscript('EPISODE.VTT', readFormatFixture('vtt/hourless-and-mixed.vtt')).format).toBe(
      'vtt',
    );
    expect(parseTranscript('Épisode #3, l’accès.SRT', readFormatFixture('srt/bom-crlf.srt')).format).toBe(
      'srt',
    );
  });

  it.each([
    [
      'notes.docx',
      'hello',
      /unsupported transcript extension "\.docx": expected one of \.vtt, \.srt, \.json, \.md, \.txt/,
    ],
    ['empty.vtt', '', /^empty file/],
    ['blank.srt', '\uFEFF  \n\n', /^empty file/],
    ['no-cues.vtt', 'WEBVTT\n\nNOTE rien ici\n', /^no cues/],
    ['nul.md', 'texte\0binaire', /^binary data/],
  ])('rejects %s', (name, content, reason) => {
    const error = catchParseError(() => parseTranscript(name, content));
    expect(error.reason).toMatch(reason);
    expect(error.message.startsWith(name)).toBe(true);
  });

  it.each([
    ['utf16le', Buffer.from('WEBVTT\n\n00:00.000 --> 00:02.000\nÉtat\n', 'utf16le')],
    ['utf16be', Buffer.from('WEBVTT\n\n00:00.000 --> 00:02.000\nÉtat\n', 'utf16le').swap16()],
  ])('names a %s file saved without a byte order mark', (_, bytes) => {
    const error = catchParseError(() => parseTranscript('sans-bom.vtt', bytes));
    expect(error.reason).toBe(
      'looks like UTF-16 without a byte order mark (NUL bytes between the letters): save the file as UTF-8',
    );
    expect(error.line).toBe(1);
  });

  it('accepts a string as well as bytes', () => {
    const bytes = readFormatFixture('vtt/word-timings.vtt');
    expect(parseTranscript('a.vtt', bytes.toString('utf8'))).toEqual(parseTranscript('a.vtt', bytes));
  });

  it.each([
    ['episode-1.vtt', true],
    ['shows/radio/episode 2.json', true],
    ['show.json', false],
    ['episode-1.meta.json', false],
    ['episode-1.chapters.json', false],
    ['episode-1.mp3', false],
    ['notes.MD', true],
  ])('isTranscriptFileName(%j) is %s', (name, expected) => {
    expect(isTranscriptFileName(name)).toBe(expected);
  });
});
