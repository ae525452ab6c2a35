// show.json and <episode>.meta.json: optional metadata next to the transcripts, validated
// with zod so a mistake names the file and the field. Unknown fields are ignored.
import { z } from 'zod';
import { TranscriptParseError } from '../errors.ts';
import { isCalendarDate } from '../model/calendar-day.ts';
import { decodeTranscriptText } from './parsers/decode-transcript-text.ts';
import { describeJsonError } from './parsers/json-error-position.ts';
import { lineOfJsonPath } from './parsers/json-path-line.ts';

const text = z.string().trim().min(1);
const httpUrl = z
  .string()
  .trim()
  .regex(/^https?:\/\/\S+$/i, 'expected an http(s) URL');
const language = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'expected a language tag such as "fr" or "en-GB"');

export const ShowMetadataSchema = z.object({
  title: text.optional(),
  description: z.string().trim().optional(),
  language: language.optional(),
  url: httpUrl.optional(),
  image: z.string().trim().min(1).optional(),
  license: text.optional(),
});
export type ShowMetadata = z.infer<typeof ShowMetadataSchema>;

const isoDate = z
  .string()
  .trim()
  .regex(
    /^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/,
    // Not also "not a real calendar date" for what is no date at all.
    { message: 'expected an ISO date such as 2024-03-18', abort: true },
  )
  .refine((v) => isCalendarDate(v.slice(0, 10)), 'expected a real calendar date')
  .transform((v) => v.slice(0, 10));

export const EpisodeMetadataSchema = z.object({
  title: text.optional(),
  date: isoDate.optional(),
  language: language.optional(),
  speakers: z.array(text).optional(),
  /** A path relative to the show folder, or an http(s) URL. */
  media: text.optional(),
  mediaType: z
    .string()
    .trim()
    .regex(/^(audio|video)\/[\w.+-]+(;.*)?$/, 'expected an audio/* or video/* MIME type')
    .optional(),
  url: httpUrl.optional(),
  license: text.optional(),
  tags: z.array(text).optional(),
  duration: z.number().positive().finite().optional(),
});
export type EpisodeMetadata = z.infer<typeof EpisodeMetadataSchema>;

/** Bad fields listed in one report at most (a file with more lists the first ones and a count). */
const MAX_FIELDS_REPORTED = 5;

/** `, got "18/03/2024"`: the wrong value itself, when it is short enough to quote. */
function foundValue(raw: unknown, at: readonly PropertyKey[]): string {
  let value = raw;
  for (const key of at) {
    if (typeof value !== 'object' || value === null) return '';
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  if (!['string', 'number', 'boolean'].includes(typeof value)) return '';
  const quoted = JSON.stringify(value);
  return quoted.length <= 60 ? `, got ${quoted}` : '';
}

/**
 * Parses a JSON sidecar; throws a TranscriptParseError naming the file, the line and every
 * wrong field (so one fix-and-rerun fixes them all).
 */
export function parseJsonSidecar<T>(fileLabel: string, content: Buffer | string, schema: z.ZodType<T>): T {
  const { textContent, raw } = readJsonSidecar(fileLabel, content);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const described = issues.slice(0, MAX_FIELDS_REPORTED).map((issue) => {
      const field = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
      return `field "${field}": ${issue.message}${foundValue(raw, issue.path)}`;
    });
    if (issues.length > MAX_FIELDS_REPORTED)
      described.push(`and ${issues.length - MAX_FIELDS_REPORTED} more`);
    throw new TranscriptParseError(
      fileLabel,
      described.join('; '),
      lineOfJsonPath(textContent, issues[0]!.path),
    );
  }
  return parsed.data;
}

/** The sidecar's text and JSON value; throws a TranscriptParseError naming the file and line. */
function readJsonSidecar(fileLabel: string, content: Buffer | string): { textContent: string; raw: unknown } {
  // As transcripts: UTF-8 (BOM or not) or UTF-16 with a BOM; Latin-1 is named, not mangled.
  const textContent = decodeTranscriptText(fileLabel, content);
  try {
    return { textContent, raw: JSON.parse(textContent) as unknown };
  } catch (error) {
    const { line, reason } = describeJsonError(textContent);
    throw new TranscriptParseError(fileLabel, reason, line, { cause: error });
  }
}

/**
 * As parseJsonSidecar, but a wrong field is left out instead of failing the whole file: the
 * fields that are right are returned, with the error naming the wrong ones (null when there
 * are none) and `leftOut`, their names. A file that cannot be read at all (not JSON, not
 * UTF-8, not an object) gives no fields and `leftOut: null`.
 */
export function parseJsonSidecarKeepingGoodFields<Shape extends z.ZodRawShape>(
  fileLabel: string,
  content: Buffer | string,
  schema: z.ZodObject<Shape>,
): {
  data: Partial<z.infer<z.ZodObject<Shape>>>;
  problem: TranscriptParseError | null;
  leftOut: string[] | null;
} {
  try {
    return { data: parseJsonSidecar(fileLabel, content, schema), problem: null, leftOut: [] };
  } catch (error) {
    if (!(error instanceof TranscriptParseError)) throw error;
    let raw: unknown;
    try {
      raw = readJsonSidecar(fileLabel, content).raw;
    } catch {
      return { data: {}, problem: error, leftOut: null };
    }
    const unreadable = { data: {}, problem: error, leftOut: null };
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return unreadable;
    const wrong = new Set(schema.safeParse(raw).error?.issues.map((issue) => issue.path[0]));
    const kept = Object.fromEntries(Object.entries(raw).filter(([field]) => !wrong.has(field)));
    const parsed = schema.safeParse(kept);
    if (!parsed.success) return unreadable;
    return { data: parsed.data, problem: error, leftOut: Object.keys(raw).filter((f) => wrong.has(f)) };
  }
}
