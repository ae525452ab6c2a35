// Walks transcripts/<show>/ and sorts each file into transcript, sidecar or media, without
// reading any content. Symlinks that lead outside the transcripts root are refused.
import fs from 'node:fs';
import path from 'node:path';
import { assignEpisodeIds, baseNameOf, showIdFor } from './episode-id.ts';
import { TRANSCRIPT_EXTENSIONS } from './parsers/parse-transcript.ts';

/** Extensions read as transcripts, without the dot (the parsers' list). */
const TRANSCRIPT_FILE_EXTENSIONS: readonly string[] = TRANSCRIPT_EXTENSIONS.map((e) => e.slice(1));

export const MEDIA_TYPES: Readonly<Record<string, string>> = {
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  ogg: 'audio/ogg',
  opus: 'audio/ogg',
  wav: 'audio/wav',
  mp4: 'video/mp4',
  webm: 'video/webm',
};
/** When several media files share an episode's name, the first in this order is used. */
const MEDIA_PREFERENCE = ['mp3', 'm4a', 'ogg', 'opus', 'wav', 'mp4', 'webm'];

// Files that commonly sit next to transcripts but are documentation, not transcripts.
const DOCUMENT_FILE = /^(readme|licen[cs]e|copying|notice|changelog)([._-].*)?$/i;

export interface ScannedEpisode {
  id: string;
  showId: string;
  /** Transcript file name inside the show folder. */
  fileName: string;
  /** Base name without the transcript extension (`ep-12` for `ep-12.vtt`). */
  baseName: string;
  /** Absolute path of the transcript. */
  transcriptPath: string;
  /** Transcript path relative to the transcripts root, forward slashes. */
  source: string;
  metaPath: string | null;
  chaptersPath: string | null;
  /** Local media next to the transcript, relative to the root, and its MIME type. */
  media: { rel: string; type: string } | null;
}

export interface ScannedShow {
  id: string;
  folderName: string;
  folderPath: string;
  showJsonPath: string | null;
  episodes: ScannedEpisode[];
}

export interface ScanFailure {
  file: string;
  reason: string;
}

export interface ScanResult {
  root: string;
  shows: ScannedShow[];
  failures: ScanFailure[];
  /** Files present but neither transcript, sidecar nor media (relative paths). */
  ignored: string[];
  /** Read anyway, but worth a look (two transcripts sharing one name and its sidecars). */
  warnings: { file: string; message: string }[];
}

export function toRootRelative(root: string, absolute: string): string {
  return path.relative(root, absolute).split(path.sep).join('/');
}

export function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * The folder under `root` (a real path) whose name gives `showId`: folder names need not be
 * slugs (`Libertés numériques/` holds the show `libertes-numeriques`).
 */
export async function findShowFolder(root: string, showId: string): Promise<string | null> {
  const entries = await fs.promises.readdir(root, { withFileTypes: true });
  for (const entry of entries) {
    if (entry.name.startsWith('.') || showIdFor(entry.name) !== showId) continue;
    const real = await fs.promises.realpath(path.join(root, entry.name)).catch(() => null);
    if (real === null || !isInside(root, real)) continue;
    if ((await fs.promises.stat(real)).isDirectory()) return entry.name;
  }
  return null;
}

interface ResolvedEntry {
  name: string;
  path: string;
  kind: 'file' | 'dir' | 'other';
}

/** Bytes in the UTF-8 sequence this byte starts (0: it cannot start one). */
function utf8SequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead < 0xe0) return 2;
  if (lead >= 0xe0 && lead < 0xf0) return 3;
  if (lead >= 0xf0 && lead < 0xf5) return 4;
  return 0;
}

/** A name's bytes as text: valid UTF-8 as is, any other byte as `\xE9`. */
function showInvalidUtf8(bytes: Buffer): string {
  let shown = '';
  for (let i = 0; i < bytes.length;) {
    const lead = bytes[i]!;
    const length = utf8SequenceLength(lead);
    const sequence = length > 0 ? bytes.subarray(i, i + length) : null;
    const text = sequence?.length === length ? sequence.toString('utf8') : '\uFFFD';
    if (sequence && !text.includes('\uFFFD')) {
      shown += text;
      i += length;
    } else {
      shown += `\\x${lead.toString(16).toUpperCase().padStart(2, '0')}`;
      i++;
    }
  }
  return shown;
}

/**
 * Names that are not UTF-8 (copied from a Latin-1 or old Windows disk) reach us with U+FFFD
 * in place of their bytes, a path that leads nowhere: each is reported, by its bytes, and
 * left out, instead of failing as "not found" or stopping the whole scan.
 */
async function leaveOutInvalidNames(
  root: string,
  dir: string,
  entries: fs.Dirent[],
  failures: ScanFailure[],
): Promise<fs.Dirent[]> {
  if (!entries.some((entry) => entry.name.includes('\uFFFD'))) return entries;
  const invalid = new Set<string>();
  for (const raw of await fs.promises.readdir(dir, { encoding: 'buffer' })) {
    const name = raw.toString('utf8');
    if (Buffer.from(name, 'utf8').equals(raw) || raw[0] === 0x2e) continue;
    invalid.add(name);
    const isFolder = await fs.promises
      .lstat(Buffer.concat([Buffer.from(`${dir}${path.sep}`), raw]))
      .then((st) => st.isDirectory())
      .catch(() => false);
    const where = path.relative(root, dir).split(path.sep).join('/');
    failures.push({
      file: `${where === '' ? '' : `${where}/`}${showInvalidUtf8(raw)}`,
      reason: isFolder
        ? 'folder name is not valid UTF-8 (copied from a Latin-1 or Windows disk?): rename it, e.g. convmv -f latin1 -t utf-8 --notest -r <folder>; nothing in it was read'
        : 'file name is not valid UTF-8 (copied from a Latin-1 or Windows disk?): rename it, e.g. convmv -f latin1 -t utf-8 --notest <file>; it was not read',
    });
  }
  return entries.filter((entry) => !invalid.has(entry.name));
}

async function resolveEntries(root: string, dir: string, failures: ScanFailure[]): Promise<ResolvedEntry[]> {
  const entries = await leaveOutInvalidNames(
    root,
    dir,
    await fs.promises.readdir(dir, { withFileTypes: true }),
    failures,
  );
  const resolved: ResolvedEntry[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const entryPath = path.join(dir, entry.name);
    if (entry.isSymbolicLink()) {
      let target: string;
      try {
        target = await fs.promises.realpath(entryPath);
      } catch {
        failures.push({ file: toRootRelative(root, entryPath), reason: 'broken symbolic link' });
        continue;
      }
      if (!isInside(root, target)) {
        failures.push({
          file: toRootRelative(root, entryPath),
          reason: 'symbolic link leads outside the transcripts folder; refused',
        });
        continue;
      }
      const stat = await fs.promises.stat(target);
      resolved.push({
        name: entry.name,
        path: entryPath,
        kind: stat.isDirectory() ? 'dir' : stat.isFile() ? 'file' : 'other',
      });
      continue;
    }
    resolved.push({
      name: entry.name,
      path: entryPath,
      kind: entry.isDirectory() ? 'dir' : entry.isFile() ? 'file' : 'other',
    });
  }
  // Code-point order, independent of the file system and locale.
  return resolved.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** How a name writes its accents (`word`: "accents", or "ones" after the first mention). */
function accentSpelling(name: string, word: string): string {
  if (name === name.normalize('NFC')) return `composed ${word} (as typed on Linux or Windows)`;
  if (name === name.normalize('NFD')) return `decomposed ${word} (as macOS writes them)`;
  return `a mix of composed and decomposed ${word}`;
}

/**
 * `débat.vtt` typed on Linux (composed é) and the same name copied from macOS (e + accent)
 * are two files to the file system but one name to the archivist: one episode. The one the
 * archive holds is kept, else the composed spelling, else the first; the others are named.
 */
function oneFilePerSpelling(
  root: string,
  transcripts: ResolvedEntry[],
  storedIds: ReadonlyMap<string, string>,
  warnings: ScanResult['warnings'],
): ResolvedEntry[] {
  const bySpelling = new Map<string, ResolvedEntry[]>();
  for (const file of transcripts) {
    const key = file.name.normalize('NFC');
    bySpelling.set(key, [...(bySpelling.get(key) ?? []), file]);
  }
  const kept: ResolvedEntry[] = [];
  for (const [composed, files] of bySpelling) {
    const rank = (file: ResolvedEntry) =>
      storedIds.has(toRootRelative(root, file.path)) ? 0 : file.name === composed ? 1 : 2;
    const [chosen, ...others] = files.toSorted((a, b) => rank(a) - rank(b));
    kept.push(chosen!);
    if (others.length === 0) continue;
    const named = others.map((file) => toRootRelative(root, file.path)).join(', ');
    const otherSpelling = others.length === 1 ? accentSpelling(others[0]!.name, 'ones') : 'other spellings';
    warnings.push({
      file: toRootRelative(root, chosen!.path),
      message:
        `the same name as ${named}, spelled with ${accentSpelling(chosen!.name, 'accents')} where ` +
        `${others.length === 1 ? 'the other has' : 'the others have'} ${otherSpelling}: ` +
        `only this one is ingested; remove ${others.length === 1 ? 'the other' : 'the others'}`,
    });
  }
  return kept;
}

function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
}

/**
 * Scans `root` (already a real path). Files directly in the root are not transcripts.
 * `storedIds` maps the sources the archive already holds (`<folder>/<file>`) to their
 * episode ids, so that a new file or folder whose name collides with a stored one never
 * takes its id (see assignEpisodeIds).
 */
export async function scanTranscripts(
  root: string,
  storedIds: ReadonlyMap<string, string> = new Map(),
): Promise<ScanResult> {
  const failures: ScanFailure[] = [];
  const ignored: string[] = [];
  const warnings: ScanResult['warnings'] = [];
  const shows: ScannedShow[] = [];
  const storedFolders = new Set([...storedIds.keys()].map((source) => source.slice(0, source.indexOf('/'))));

  const entries = await resolveEntries(root, root, failures);
  // Folders whose names give one show id: the folder the archive holds keeps it, else the
  // first in code-point order. A newcomer never takes over a stored show's episodes.
  const folderForShow = new Map<string, string>();
  for (const folder of entries) {
    if (folder.kind !== 'dir') continue;
    const showId = showIdFor(folder.name);
    const holder = folderForShow.get(showId);
    if (holder === undefined || (storedFolders.has(folder.name) && !storedFolders.has(holder))) {
      folderForShow.set(showId, folder.name);
    }
  }

  for (const folder of entries) {
    if (folder.kind !== 'dir') {
      if (folder.kind === 'file') ignored.push(folder.name);
      continue;
    }
    const showId = showIdFor(folder.name);
    const holder = folderForShow.get(showId)!;
    if (holder !== folder.name) {
      // The same name twice, as typed on Linux and as copied from a Mac: they look alike.
      const spelledTwice = holder.normalize('NFC') === folder.name.normalize('NFC');
      failures.push({
        file: folder.name,
        reason: spelledTwice
          ? `the same show folder name as "${holder}", spelled with ${accentSpelling(folder.name, 'accents')} ` +
            `where it has ${accentSpelling(holder, 'ones')}: move its files into that folder; nothing in it was read`
          : `show folder name gives the same id "${showId}" as folder "${holder}"; rename one of them`,
      });
      continue;
    }

    let showJsonPath: string | null = null;
    const allTranscripts: ResolvedEntry[] = [];
    // Sidecars and media by their base name composed (NFC): a meta.json typed on Linux
    // serves a transcript copied from macOS.
    const metas = new Map<string, string>();
    const chapters = new Map<string, string>();
    const media = new Map<string, { path: string; ext: string }[]>();

    for (const file of await resolveEntries(root, folder.path, failures)) {
      const rel = toRootRelative(root, file.path);
      if (file.kind !== 'file') {
        // Nested folders are not part of the layout (transcripts/<show>/<file>).
        ignored.push(file.kind === 'dir' ? `${rel}/` : rel);
        continue;
      }
      const lower = file.name.toLowerCase();
      const ext = extensionOf(file.name);
      if (lower === 'show.json') showJsonPath = file.path;
      else if (lower.endsWith('.meta.json'))
        metas.set(file.name.slice(0, -'.meta.json'.length).normalize('NFC'), file.path);
      else if (lower.endsWith('.chapters.json'))
        chapters.set(file.name.slice(0, -'.chapters.json'.length).normalize('NFC'), file.path);
      else if (DOCUMENT_FILE.test(file.name)) ignored.push(rel);
      else if (TRANSCRIPT_FILE_EXTENSIONS.includes(ext)) allTranscripts.push(file);
      else if (ext in MEDIA_TYPES) {
        const base = baseNameOf(file.name).normalize('NFC');
        const list = media.get(base) ?? [];
        list.push({ path: file.path, ext });
        media.set(base, list);
      } else ignored.push(rel);
    }

    const transcripts = oneFilePerSpelling(root, allTranscripts, storedIds, warnings);
    if (transcripts.length === 0 && showJsonPath === null) {
      // Neither a transcript nor show metadata: not a show (yet).
      ignored.push(`${folder.name}/`);
      continue;
    }
    // `ep.vtt` beside `ep.srt`: two episodes, and the sidecars and media named `ep` serve both.
    const byBase = new Map<string, string[]>();
    for (const file of transcripts) {
      const base = baseNameOf(file.name).normalize('NFC');
      byBase.set(base, [...(byBase.get(base) ?? []), file.name]);
    }
    for (const [base, names] of byBase) {
      if (names.length < 2) continue;
      warnings.push({
        file: `${toRootRelative(root, folder.path)}/${names.join(', ')}`,
        message: `${names.length} transcripts named "${base}": each is its own episode, and ${base}.meta.json, ${base}.chapters.json and the media named "${base}" apply to all of them; keep one, or rename the others`,
      });
    }
    const storedInFolder = new Map<string, string>();
    for (const file of transcripts) {
      const stored = storedIds.get(toRootRelative(root, file.path));
      if (stored !== undefined) storedInFolder.set(file.name, stored);
    }
    const ids = assignEpisodeIds(
      showId,
      transcripts.map((t) => t.name),
      storedInFolder,
    );
    const episodes = transcripts.map((file): ScannedEpisode => {
      const baseName = baseNameOf(file.name);
      const composedBase = baseName.normalize('NFC');
      const candidates = (media.get(composedBase) ?? []).sort(
        (a, b) => MEDIA_PREFERENCE.indexOf(a.ext) - MEDIA_PREFERENCE.indexOf(b.ext),
      );
      const localMedia = candidates[0];
      return {
        id: ids.get(file.name)!,
        showId,
        fileName: file.name,
        baseName,
        transcriptPath: file.path,
        source: toRootRelative(root, file.path),
        metaPath: metas.get(composedBase) ?? null,
        chaptersPath: chapters.get(composedBase) ?? null,
        media: localMedia
          ? { rel: toRootRelative(root, localMedia.path), type: MEDIA_TYPES[localMedia.ext]! }
          : null,
      };
    });
    shows.push({ id: showId, folderName: folder.name, folderPath: folder.path, showJsonPath, episodes });
  }
  return { root, shows, failures, ignored, warnings };
}
