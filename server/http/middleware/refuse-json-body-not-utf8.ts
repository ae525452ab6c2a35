// JSON is exchanged as UTF-8 (RFC 8259 §8.1). A body in another encoding was decoded with
// U+FFFD for each byte it could not read, so a title typed in a Latin-1 script was
// stored as "Donn�es" for good. Refused here, naming the first byte that is not UTF-8.
import type { MiddlewareHandler } from 'hono';
import { ValidationError } from '../../errors.ts';

const JSON_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');
const REPLACEMENT = [0xef, 0xbf, 0xbd];

/** The offset of the first byte that is not UTF-8 (a U+FFFD written as such is UTF-8). */
function firstByteNotUtf8(bytes: Uint8Array): number {
  const text = lenientUtf8.decode(bytes);
  let offset = 0;
  let from = 0;
  for (let at = text.indexOf('\ufffd'); at !== -1; at = text.indexOf('\ufffd', at + 1)) {
    offset += Buffer.byteLength(text.slice(from, at));
    from = at;
    if (!REPLACEMENT.every((byte, i) => bytes[offset + i] === byte)) return offset;
  }
  return offset;
}

export function refuseJsonBodyNotUtf8(): MiddlewareHandler {
  return async (c, next) => {
    if (!JSON_TYPE.test(c.req.header('Content-Type') ?? '')) return next();
    // Read once: Hono keeps the bytes for the route's own c.req.json().
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    try {
      strictUtf8.decode(bytes);
    } catch {
      const offset = firstByteNotUtf8(bytes);
      const byte = (bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, '0');
      throw new ValidationError(
        `The request body is not UTF-8: byte 0x${byte} at offset ${offset}; send JSON as UTF-8 (é is C3 A9)`,
      );
    }
    return next();
  };
}
