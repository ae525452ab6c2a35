// A query value is read as UTF-8 once percent-decoded. Hono keeps an escape that does not
// decode as it was sent, so a client encoding in Latin-1 (`q=donn%E9es` for "données")
// had its query searched as the literal text "donn%E9es" and got 200 with nothing found.
// Refused here with the parameter and the bytes. A `%` that starts no escape (`100%`)
// is still taken as itself.
import type { MiddlewareHandler } from 'hono';
import { ValidationError } from '../../errors.ts';

const ESCAPE_RUN = /(?:%[0-9A-Fa-f]{2})+/g;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

const decodes = (bytes: Uint8Array) => {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
};

/** The escapes in `raw` that are not UTF-8, from the first byte that breaks it; or null. */
function escapesNotUtf8(raw: string): string | null {
  for (const [run] of raw.matchAll(ESCAPE_RUN)) {
    const hex = run.slice(1).split('%');
    const bytes = Uint8Array.from(hex, (h) => parseInt(h, 16));
    if (decodes(bytes)) continue;
    // `%2F%FF` reads "%FF": the escapes before the longest part that decodes are fine.
    let good = 0;
    for (let end = 1; end < bytes.length; end++) if (decodes(bytes.subarray(0, end))) good = end;
    return `%${hex.slice(good).join('%')}`;
  }
  return null;
}

/** The parameter's name as a client reads it: decoded where it can be. */
function nameOf(rawName: string): string {
  try {
    return decodeURIComponent(rawName.replace(/\+/g, ' '));
  } catch {
    return rawName;
  }
}

export function refuseQueryNotUtf8(): MiddlewareHandler {
  return async (c, next) => {
    const url = c.req.url;
    const start = url.indexOf('?');
    if (start === -1 || !url.includes('%', start)) return next();
    for (const part of url
      .slice(start + 1)
      .split('#')[0]!
      .split('&')) {
      const equals = part.indexOf('=');
      const rawName = equals === -1 ? part : part.slice(0, equals);
      const bad = escapesNotUtf8(part);
      if (bad === null) continue;
      const field = nameOf(rawName);
      const reason = `${bad} is not UTF-8; percent-encode the text as UTF-8 (é is %C3%A9)`;
      throw new ValidationError(`Invalid query parameter "${field}": ${reason}`, {
        target: 'query',
        issues: [{ field, message: reason }],
      });
    }
    return next();
  };
}
