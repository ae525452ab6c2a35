// Turns a URL path into a file that is guaranteed to live under a root directory.
// Every segment is decoded exactly once and must then be a plain file or folder name;
// the final realpath (symlinks resolved) must still be inside the root's realpath.
// A `%2e` left after that one decoding is part of a file name (browsers save files as
// `Episode%201.mp3`), never a path step, so it is served like any other name.
import { promises as fs, type Stats } from 'node:fs';
import path from 'node:path';
import { NotFoundError, ValidationError } from '../../errors.ts';

export interface SafeFile {
  /** Real absolute path of the file. */
  file: string;
  /** The requested path, decoded, with forward slashes. */
  relativePath: string;
  stats: Stats;
}

function decodeSegment(segment: string, rawPath: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    throw new ValidationError(`Malformed percent-encoding in path: ${rawPath}`, { path: rawPath });
  }
  const forbidden =
    decoded === '' ||
    decoded === '.' ||
    decoded === '..' ||
    /[/\\\0]/.test(decoded) ||
    /^[a-z]:$/i.test(decoded) ||
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f]/.test(decoded);
  if (forbidden) {
    throw new ValidationError('Path segments must be plain file or folder names under the root', {
      path: rawPath,
    });
  }
  return decoded;
}

/**
 * `relativeUrlPath` is the still-encoded part of the URL after the mount prefix
 * (e.g. `show/episode%201.opus`). Throws ValidationError for forbidden paths and
 * NotFoundError when no regular file exists under the root at that path (a folder too).
 */
export async function resolveSafePath(root: string, relativeUrlPath: string): Promise<SafeFile> {
  // A trailing slash (or nothing at all) names a folder: not a file, as it is without the slash.
  const names = relativeUrlPath.split('/');
  const folder = names.at(-1) === '';
  if (folder) names.pop();
  const segments = names.map((s) => decodeSegment(s, relativeUrlPath));
  const notFound = () => new NotFoundError('File', segments.join('/') + (folder ? '/' : ''));
  if (folder) throw notFound();
  let rootReal: string;
  try {
    rootReal = await fs.realpath(root);
  } catch {
    throw notFound();
  }
  let real: string;
  try {
    real = await fs.realpath(path.join(rootReal, ...segments));
  } catch {
    throw notFound();
  }
  // A symlink may point anywhere; only what really lives under the root is served.
  if (!real.startsWith(rootReal + path.sep)) throw notFound();
  const stats = await fs.stat(real).catch(() => null);
  if (!stats?.isFile()) throw notFound();
  return { file: real, relativePath: segments.join('/'), stats };
}
