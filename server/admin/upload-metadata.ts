// The `metadata` part of an upload: which show, and the episode's sidecar metadata. Checked
// with zod so an error names the field (`metadata.date`); unknown fields are refused, so a
// typo does not silently drop a value.
import { z } from 'zod';
import { ValidationError } from '../errors.ts';
import { EpisodeMetadataSchema } from '../ingest/sidecar-metadata.ts';
import { MAX_BASE_LENGTH, SLUG_PATTERN } from './safe-upload-name.ts';

export const UploadMetadataSchema = z
  .object({
    show: z
      .string()
      .trim()
      .max(MAX_BASE_LENGTH, `must be at most ${MAX_BASE_LENGTH} characters`)
      .regex(SLUG_PATTERN, 'expected a show slug such as "libertes-numeriques" (a-z, 0-9, dashes)'),
    /** Required when the show does not exist yet. */
    showTitle: z.string().trim().min(1).max(300).optional(),
    /** Episode slug to use instead of one made from the transcript's file name. */
    slug: z
      .string()
      .trim()
      .max(MAX_BASE_LENGTH, `must be at most ${MAX_BASE_LENGTH} characters`)
      .regex(SLUG_PATTERN, 'expected an episode slug (a-z, 0-9, dashes)')
      .optional(),
    title: EpisodeMetadataSchema.shape.title,
    date: EpisodeMetadataSchema.shape.date,
    language: EpisodeMetadataSchema.shape.language,
    speakers: EpisodeMetadataSchema.shape.speakers,
    url: EpisodeMetadataSchema.shape.url,
    license: EpisodeMetadataSchema.shape.license,
    tags: EpisodeMetadataSchema.shape.tags,
  })
  .strict();

export type UploadMetadata = z.infer<typeof UploadMetadataSchema>;

/** Episode fields written to `<episode>.meta.json`. */
export function sidecarOf(metadata: UploadMetadata): Record<string, unknown> {
  const { show: _show, showTitle: _showTitle, slug: _slug, ...episode } = metadata;
  return Object.fromEntries(Object.entries(episode).filter(([, v]) => v !== undefined));
}

export function parseUploadMetadata(raw: string): UploadMetadata {
  let json: unknown;
  try {
    json = JSON.parse(raw.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ValidationError(`Invalid field "metadata": not valid JSON (${(error as Error).message})`, {
      field: 'metadata',
    });
  }
  const parsed = UploadMetadataSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => {
      const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
      const at = [...issue.path.map(String), ...keys.slice(0, 1)];
      return { field: ['metadata', ...at].join('.'), message: issue.message };
    });
    const first = issues[0]!;
    throw new ValidationError(`Invalid field "${first.field}": ${first.message}`, { target: 'form', issues });
  }
  return parsed.data;
}
