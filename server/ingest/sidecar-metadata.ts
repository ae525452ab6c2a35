// show.json and <episode>.meta.json: optional metadata next to the transcripts, validated
// with zod so a mistake names the file and the field. Unknown fields are ignored.
import { z } from 'zod';
import { ValidationError } from '../errors.ts';
import { isCalendarDate } from '../model/calendar-day.ts';

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
    'expected an ISO date such as 2024-03-18',
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

/** Parses a JSON sidecar; throws a ValidationError naming the file and field. */
export function parseJsonSidecar<T>(fileLabel: string, content: Buffer | string, schema: z.ZodType<T>): T {
  let raw: unknown;
  try {
    const textContent = typeof content === 'string' ? content : content.toString('utf8');
    raw = JSON.parse(textContent.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ValidationError(`${fileLabel}: not valid JSON (${(error as Error).message})`, {
      file: fileLabel,
    });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue && issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    throw new ValidationError(`${fileLabel}: field "${field}": ${issue?.message ?? 'invalid'}`, {
      file: fileLabel,
      field,
    });
  }
  return parsed.data;
}
