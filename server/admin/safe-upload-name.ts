// Uploaded file names come from the client: anything may be in them (paths, `..`, NUL,
// control and bidi characters, look-alike slashes, 10,000 characters). Only a slug of the
// name is kept, so what reaches the disk is always `[a-z0-9-]` plus a known extension.
import path from 'node:path';
import { ValidationError } from '../errors.ts';
import { shortHash, slugify } from '../ingest/episode-id.ts';
import { TRANSCRIPT_EXTENSIONS } from '../ingest/parsers/parse-transcript.ts';
import { MEDIA_TYPES } from '../ingest/scan-transcripts.ts';

/** Longest base name kept; longer ones are cut and get a hash of the full name (as ingest does). */
export const MAX_BASE_LENGTH = 80;
const HASH_LENGTH = 8;
/** A show or episode slug as ingest derives it from a name. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export interface SafeName {
  /** `[a-z0-9-]`, at most MAX_BASE_LENGTH characters; empty when the name has nothing usable. */
  base: string;
  /** Lower-case extension without the dot. */
  extension: string;
}

/** The last path segment, with Unicode look-alikes folded first (so `／` splits too). */
function lastSegment(raw: string): string {
  const folded = raw.normalize('NFKC').replace(/\0/g, '');
  const parts = folded.split(/[/\\]/);
  return parts[parts.length - 1] ?? '';
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/** A bounded slug of `name`; `fallbackSeed` names it when nothing usable is left. */
export function safeSlug(name: string, fallbackSeed: string): string {
  const slug = slugify(name);
  if (slug === '') return `episode-${shortHash(fallbackSeed)}`;
  if (slug.length <= MAX_BASE_LENGTH) return slug;
  const head = slug.slice(0, MAX_BASE_LENGTH - HASH_LENGTH - 1).replace(/-+$/, '');
  return `${head}-${shortHash(name)}`;
}

/**
 * A safe base name and extension for an uploaded file. `field` names the form part in
 * errors; `allowed` is the list of accepted extensions (without dots).
 */
export function safeUploadName(rawName: string, field: string, allowed: readonly string[]): SafeName {
  const name = lastSegment(rawName).trim();
  const extension = extensionOf(name);
  if (!allowed.includes(extension)) {
    throw new ValidationError(
      `Invalid field "${field}": the file name must end in one of ${allowed.map((e) => `.${e}`).join(', ')}` +
        (extension ? ` (got ".${extension.slice(0, 20)}")` : ''),
      { field, allowed },
    );
  }
  const stem = name.slice(0, name.length - extension.length - 1);
  return { base: slugify(stem) === '' ? '' : safeSlug(stem, rawName), extension };
}

export const TRANSCRIPT_UPLOAD_EXTENSIONS: readonly string[] = TRANSCRIPT_EXTENSIONS.map((e) => e.slice(1));
export const MEDIA_UPLOAD_EXTENSIONS: readonly string[] = Object.keys(MEDIA_TYPES);

/** `target` joined under `dir`, refusing anything that would not land directly inside it. */
export function pathInside(dir: string, fileName: string): string {
  const target = path.resolve(dir, fileName);
  if (path.dirname(target) !== path.resolve(dir) || path.basename(target) !== fileName) {
    throw new ValidationError(`Refused file name: ${JSON.stringify(fileName.slice(0, 100))}`);
  }
  return target;
}
