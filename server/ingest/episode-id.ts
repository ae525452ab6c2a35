// Stable, URL-safe ids for shows and episodes, derived from folder and file names only,
// so the same file always gets the same id (links and clips keep working across re-ingests).
import { createHash } from 'node:crypto';

/** Longest slug kept as is; longer names are cut and get a hash of the full name. */
const MAX_SLUG_LENGTH = 80;
const HASH_LENGTH = 8;

// Letters that Unicode decomposition does not split into base + mark.
const LIGATURES: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  ł: 'l',
  þ: 'th',
  ı: 'i',
};

export function shortHash(text: string, length = HASH_LENGTH): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, length);
}

/**
 * Lower-case `[a-z0-9-]` slug: accents removed whether the name is composed or decomposed,
 * private-use code points, emoji and punctuation turned into single dashes. Never contains
 * `--`, so `--` can separate show and episode in an episode id. Empty when nothing is left.
 */
export function slugify(name: string): string {
  const folded = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[ßæœøđðłþı]/g, (c) => LIGATURES[c] ?? c);
  return folded.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

/**
 * A hash of a name, the same for its composed (NFC: typed on Linux or Windows) and decomposed
 * (NFD: written by macOS) spellings. NFC, so the ids of names stored composed never change.
 */
function nameHash(name: string, length = HASH_LENGTH): string {
  return shortHash(name.normalize('NFC'), length);
}

function boundedSlug(name: string, fallbackPrefix: string): string {
  const slug = slugify(name);
  if (slug === '') return `${fallbackPrefix}-${nameHash(name)}`;
  if (slug.length <= MAX_SLUG_LENGTH) return slug;
  const head = slug.slice(0, MAX_SLUG_LENGTH - HASH_LENGTH - 1).replace(/-+$/, '');
  return `${head}-${nameHash(name)}`;
}

/** Show id from the folder name under transcripts/. */
export function showIdFor(folderName: string): string {
  return boundedSlug(folderName, 'show');
}

/**
 * Episode id from the show's slug and the transcript's file name without its extension:
 * `<show>--<episode-slug>`. Collisions inside one show are resolved by `assignEpisodeIds`.
 */
export function episodeIdFor(showSlug: string, fileBaseName: string): string {
  return `${showSlug}--${boundedSlug(fileBaseName, 'episode')}`;
}

/**
 * Ids for every transcript of one show. Names whose slugs collide (`Café.vtt`, `cafe.srt`)
 * are told apart deterministically: the name that already is its own slug (or else the
 * first in code-point order) keeps the plain id, the others get a hash of their full file
 * name. `fileNames` are full file names (with extension); returns file name → id.
 *
 * `storedIds` (file name → the id the archive holds for it) keeps ids stable as files come
 * and go: a file keeps the id it was stored under when that id is still one of its own
 * (plain or hashed), so adding `note.vtt` beside a stored `Note.vtt` gives the newcomer the
 * hashed id instead of taking the plain one, and the clips of `Note.vtt` stay on it.
 */
export function assignEpisodeIds(
  showSlug: string,
  fileNames: readonly string[],
  storedIds: ReadonlyMap<string, string> = new Map(),
): Map<string, string> {
  const groups = new Map<string, string[]>();
  for (const fileName of fileNames) {
    const id = episodeIdFor(showSlug, baseNameOf(fileName));
    const group = groups.get(id);
    if (group) group.push(fileName);
    else groups.set(id, [fileName]);
  }
  const ids = new Map<string, string>();
  const hashedId = (id: string, fileName: string) => `${id}-${nameHash(fileName, 6)}`;
  for (const [id, group] of groups) {
    const newcomers: string[] = [];
    let plainTaken = false;
    for (const fileName of group) {
      const stored = storedIds.get(fileName);
      if (stored === id || stored === hashedId(id, fileName)) {
        ids.set(fileName, stored);
        plainTaken ||= stored === id;
      } else newcomers.push(fileName);
    }
    const sorted = newcomers.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const canonical = plainTaken
      ? undefined
      : (sorted.find((f) => slugify(baseNameOf(f)) === baseNameOf(f)) ?? sorted[0]);
    for (const fileName of sorted) ids.set(fileName, fileName === canonical ? id : hashedId(id, fileName));
  }
  return ids;
}

/** The file name without its last extension (`a.b.vtt` → `a.b`). */
export function baseNameOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(0, dot) : fileName;
}
