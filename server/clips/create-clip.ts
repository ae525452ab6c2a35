// Making, reading, editing and deleting clips: the business rules behind /api/clips.
import type { Config } from '../config/env.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.ts';
import type { Clip, Cue, Episode } from '../model/types.ts';
import type { ArchiveStore, StoredClip } from '../store/archive-store.ts';
import { episodeAtCut } from './clip-context.ts';
import { canEdit, hashEditToken, newEditToken, newShortId } from './clip-tokens.ts';
import { snapClipRange, type SnappedRange } from './snap-clip-range.ts';
import { formatTimecode } from './format-timecode.ts';

export interface NewClipInput {
  episodeId: string;
  start: number;
  end: number;
  title?: string | null;
  note?: string | null;
}

export interface CreatedClip {
  clip: Clip;
  /** Returned once, at creation: the only way (besides the admin token) to edit or delete. */
  editToken: string;
  /**
   * The range asked for and what its ends went out to, so a client can say why the clip is
   * longer, or that its quote is estimated ('estimated').
   */
  snap: { to: SnappedRange['snappedTo']; requestedStart: number; requestedEnd: number };
}

export const clipTitleMaxLength = 200;
export const clipNoteMaxLength = 5000;

function fieldError(field: string, message: string, figures: Record<string, number> = {}): ValidationError {
  return new ValidationError(`${field}: ${message}`, { field, ...figures });
}

/** A clip over the maximum: its length and the maximum in details too, for a client to say in its language. */
function tooLongError(message: string, seconds: number, maxSeconds: number): ValidationError {
  return fieldError('end', message, { seconds: Math.round(seconds * 1000) / 1000, maxSeconds });
}

function cleanText(value: string | null | undefined, field: string, max: number): string | null {
  if (value === undefined || value === null) return null;
  const trimmed = value.trim();
  if (trimmed.length > max) throw fieldError(field, `must be at most ${max} characters`);
  return trimmed === '' ? null : trimmed;
}

/** start < end ≤ duration, and no longer than the configured maximum. */
export function validateClipRange(
  start: number,
  end: number,
  episode: Pick<Episode, 'duration'>,
  maxClipSeconds: number,
): void {
  if (!Number.isFinite(start) || start < 0) throw fieldError('start', 'must be a number of seconds ≥ 0');
  if (!Number.isFinite(end)) throw fieldError('end', 'must be a number of seconds');
  if (end <= start) throw fieldError('end', `must be after start (${start} s)`);
  if (episode.duration > 0 && end > episode.duration + 0.001) {
    throw fieldError('end', `must be at most the episode's duration (${episode.duration} s)`);
  }
  if (end - start > maxClipSeconds + 0.001) {
    throw tooLongError(
      `the clip is ${Math.round(end - start)} s long; the maximum is ${maxClipSeconds} s`,
      end - start,
      maxClipSeconds,
    );
  }
}

export async function loadEpisodeForClip(
  store: ArchiveStore,
  episodeId: string,
): Promise<{ episode: Episode; cues: Cue[] }> {
  const episode = await store.getEpisode(episodeId);
  if (!episode) throw new NotFoundError('Episode', episodeId);
  return { episode, cues: await store.getCues(episodeId) };
}

export async function createClip(
  store: ArchiveStore,
  config: Pick<Config, 'maxClipSeconds'>,
  input: NewClipInput,
  now: Date = new Date(),
): Promise<CreatedClip> {
  const { episode, cues } = await loadEpisodeForClip(store, input.episodeId).catch((err: unknown) => {
    if (err instanceof NotFoundError)
      throw fieldError('episodeId', `no episode with id "${input.episodeId}"`);
    throw err;
  });
  validateClipRange(input.start, input.end, episode, config.maxClipSeconds);
  const snapped = snapClipRange(cues, input.start, input.end);
  const end = episode.duration > 0 ? Math.min(snapped.end, episode.duration) : snapped.end;
  const start = Math.max(0, snapped.start);
  if (end - start > config.maxClipSeconds + 0.001) {
    throw tooLongError(
      `snapped to the transcript (${formatTimecode(start)}–${formatTimecode(end)}) the clip exceeds the maximum of ${config.maxClipSeconds} s`,
      end - start,
      config.maxClipSeconds,
    );
  }
  const clip: Clip = {
    id: newShortId(),
    episodeId: episode.id,
    start,
    end,
    title: cleanText(input.title, 'title', clipTitleMaxLength),
    note: cleanText(input.note, 'note', clipNoteMaxLength),
    quote: snapped.quote,
    revision: episode.revision,
    createdAt: now.toISOString(),
    episodeAtCut: episodeAtCut(episode, await store.getShow(episode.showId), cues, start, end),
  };
  const editToken = newEditToken();
  await store.saveClip({ clip, editTokenHash: hashEditToken(editToken) });
  return {
    clip,
    editToken,
    snap: { to: snapped.snappedTo, requestedStart: input.start, requestedEnd: input.end },
  };
}

export async function getStoredClip(store: ArchiveStore, id: string): Promise<StoredClip> {
  const stored = await store.getClip(id);
  if (!stored) throw new NotFoundError('Clip', id);
  return stored;
}

export function assertCanEdit(
  stored: { editTokenHash: string },
  token: string | undefined,
  adminToken: string | undefined,
  what: string,
): void {
  if (!canEdit(token, stored.editTokenHash, adminToken)) {
    throw new ForbiddenError(
      `Editing or deleting this ${what} needs its edit token (returned when it was created) or the admin token, as Authorization: Bearer <token>.`,
    );
  }
}

export interface ClipEdit {
  title?: string | null;
  note?: string | null;
}

/** Title and note are editable; the range and quote are not, so shared links keep meaning the same thing. */
export async function updateClip(
  store: ArchiveStore,
  id: string,
  edit: ClipEdit,
  token: string | undefined,
  adminToken: string | undefined,
): Promise<Clip> {
  const stored = await getStoredClip(store, id);
  assertCanEdit(stored, token, adminToken, 'clip');
  const clip: Clip = {
    ...stored.clip,
    title: edit.title === undefined ? stored.clip.title : cleanText(edit.title, 'title', clipTitleMaxLength),
    note: edit.note === undefined ? stored.clip.note : cleanText(edit.note, 'note', clipNoteMaxLength),
  };
  await store.saveClip({ clip, editTokenHash: stored.editTokenHash });
  return clip;
}

export async function deleteClip(
  store: ArchiveStore,
  id: string,
  token: string | undefined,
  adminToken: string | undefined,
): Promise<void> {
  const stored = await getStoredClip(store, id);
  assertCanEdit(stored, token, adminToken, 'clip');
  await store.deleteClip(id);
}
