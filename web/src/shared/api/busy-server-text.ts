// A search the server could not take just now, said in the reader's language: too many
// searches from this connection (429, with the wait the server gives) or its search engine
// down (503). The server's own words are English and, for a 429, "try again in a moment"
// beside "retry in 57 s" contradicted itself.
import type { Translate } from '../i18n/index.ts';
import { ApiError } from './api-client.ts';

/** The sentence for a 429 or a 503, or null for any other error. */
export function busyServerText(error: unknown, t: Translate): string | null {
  if (!(error instanceof ApiError)) return null;
  if (error.status === 503) return t('api.error.unavailable');
  if (error.status !== 429) return null;
  const wait = (error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  return typeof wait === 'number' && wait > 0
    ? t('api.error.rateLimited', { seconds: Math.ceil(wait) })
    : t('api.error.rateLimitedNoWait');
}
