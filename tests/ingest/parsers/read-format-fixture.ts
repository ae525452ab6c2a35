import { readFileSync } from 'node:fs';
import { TranscriptParseError } from '../../../server/errors.ts';

/** Bytes of a fixture under tests/fixtures/formats/, exactly as written on disk. */
export function readFormatFixture(relativePath: string): Buffer {
  return readFileSync(new URL(`../../fixtures/formats/${relativePath}`, import.meta.url));
}

/** Runs `parse` and returns the TranscriptParseError it throws (fails the test otherwise). */
export function catchParseError(parse: () => unknown): TranscriptParseError {
  try {
    parse();
  } catch (error) {
    if (error instanceof TranscriptParseError) return error;
    throw error;
  }
  throw new Error('expected a TranscriptParseError, but the file was accepted');
}
