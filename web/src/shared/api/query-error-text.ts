// A search the API refused (400) said in the reader's language: the common reasons for
// `q` and the date range are translated; anything else falls back to the API's own words.
import type { MessageKey, Translate } from '../i18n/index.ts';
import { ApiError } from './api-client.ts';

interface Issue {
  field: string | null;
  message: string;
}

function issuesOf(error: ApiError): Issue[] {
  const issues = (error.details as { issues?: unknown } | undefined)?.issues;
  if (!Array.isArray(issues)) return [];
  return issues.flatMap((issue: unknown) => {
    if (typeof issue !== 'object' || issue === null) return [];
    const { field, message } = issue as { field?: unknown; message?: unknown };
    if (typeof message !== 'string') return [];
    return [{ field: typeof field === 'string' ? field : null, message }];
  });
}

type Translation = [MessageKey, Record<string, number>?];

/** The translation of one issue the API names, or null when it is not a common one. */
function translatedIssue({ field, message }: Issue): Translation | null {
  // The limits the API states (256 characters, 12 words), so the text never disagrees with it.
  const limit = Number(/\d+/.exec(message)?.[0] ?? NaN);
  const max = Number.isFinite(limit) ? { max: limit } : undefined;
  if (field === 'q') {
    if (/longer than|at most \d+ characters/.test(message)) return max ? ['query.error.tooLong', max] : null;
    if (/more than \d+ words/.test(message)) return max ? ['query.error.tooManyWords', max] : null;
    if (/only words to exclude/.test(message)) return ['query.error.onlyExclusions'];
    if (/no word to search for|at least one word|is required/.test(message)) return ['query.error.noWord'];
    return null;
  }
  if (field === 'from' || field === 'to') {
    if (/is before from/.test(message)) return ['query.error.dateOrder'];
    if (/must be a date/.test(message))
      return [field === 'from' ? 'query.error.fromDate' : 'query.error.toDate'];
  }
  return null;
}

/**
 * Why the API refused a search, as a clause (no capital, no full stop) in the reader's
 * language when the reason is a common one, else the API's own words.
 */
export function queryErrorText(error: unknown, t: Translate): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  const first = issuesOf(error)[0];
  if (!first) return error.message;
  const translation = translatedIssue(first);
  return translation ? t(translation[0], translation[1]) : first.message;
}
