// Lesson packs: an ordered list of existing clips with a title, an intro and notes.
import { NotFoundError, ValidationError } from '../errors.ts';
import type { Clip, Pack } from '../model/types.ts';
import type { ArchiveStore, StoredPack } from '../store/archive-store.ts';
import { hashEditToken, newEditToken, newShortId } from './clip-tokens.ts';
import { assertCanEdit } from './create-clip.ts';

export interface NewPackInput {
  title: string;
  intro?: string | null;
  items: { clipId: string; note?: string | null }[];
}

export const packMaxItems = 50;

export interface CreatedPack {
  pack: Pack;
  editToken: string;
}

/** A clip still stored (its episode may be gone: it is then shown and cited as it was cut). */
export interface PresentPackItem {
  missing: false;
  clip: Clip;
  note: string | null;
}

/** A clip deleted since the pack was made: it keeps its place and its note. */
export interface MissingPackItem {
  missing: true;
  clipId: string;
  note: string | null;
  /** What the web and the zip translate; `reason` is its English sentence, for API users. */
  code: 'clip_deleted';
  reason: string;
}

export type ResolvedPackItem = PresentPackItem | MissingPackItem;

export async function createPack(
  store: ArchiveStore,
  input: NewPackInput,
  now: Date = new Date(),
): Promise<CreatedPack> {
  const title = input.title.trim();
  if (title === '') throw new ValidationError('title: must not be empty', { field: 'title' });
  if (title.length > 200)
    throw new ValidationError('title: must be at most 200 characters', { field: 'title' });
  if (input.items.length === 0)
    throw new ValidationError('items: a pack needs at least one clip', { field: 'items' });
  if (input.items.length > packMaxItems) {
    throw new ValidationError(`items: a pack holds at most ${packMaxItems} clips`, { field: 'items' });
  }
  for (const [index, item] of input.items.entries()) {
    if (!(await store.getClip(item.clipId))) {
      throw new ValidationError(`items[${index}].clipId: no clip with id "${item.clipId}"`, {
        field: `items.${index}.clipId`,
      });
    }
  }
  const pack: Pack = {
    id: newShortId(),
    title,
    intro: input.intro?.trim() || null,
    items: input.items.map((i) => ({ clipId: i.clipId, note: i.note?.trim() || null })),
    createdAt: now.toISOString(),
  };
  const editToken = newEditToken();
  await store.savePack({ pack, editTokenHash: hashEditToken(editToken) });
  return { pack, editToken };
}

export async function getStoredPack(store: ArchiveStore, id: string): Promise<StoredPack> {
  const stored = await store.getPack(id);
  if (!stored) throw new NotFoundError('Pack', id);
  return stored;
}

/**
 * Clips deleted since the pack was made stay in place, marked missing with their note, so
 * the numbering and the teacher's notes of the handout still match the pack.
 */
export async function resolvePackItems(store: ArchiveStore, pack: Pack): Promise<ResolvedPackItem[]> {
  const resolved: ResolvedPackItem[] = [];
  for (const item of pack.items) {
    const stored = await store.getClip(item.clipId);
    if (!stored) {
      resolved.push({
        missing: true,
        clipId: item.clipId,
        note: item.note,
        code: 'clip_deleted',
        reason: 'the clip was deleted',
      });
      continue;
    }
    resolved.push({ missing: false, clip: stored.clip, note: item.note });
  }
  return resolved;
}

export async function deletePack(
  store: ArchiveStore,
  id: string,
  token: string | undefined,
  adminToken: string | undefined,
): Promise<void> {
  const stored = await getStoredPack(store, id);
  assertCanEdit(stored, token, adminToken, 'pack');
  await store.deletePack(id);
}
