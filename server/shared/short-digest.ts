// A short digest of what a validator (an ETag) stands for: 22 base64url characters of the
// SHA-1 of its parts as JSON, enough to tell versions apart, short enough for a header.
import { createHash } from 'node:crypto';

export function shortDigest(parts: readonly unknown[]): string {
  return createHash('sha1').update(JSON.stringify(parts)).digest('base64url').slice(0, 22);
}
