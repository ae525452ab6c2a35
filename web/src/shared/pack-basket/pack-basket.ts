// The lesson pack being assembled: the clips an educator picked, in their order, with a
// note each, kept in this browser (localStorage) until the pack is created. Shared, not in
// the clips feature, because the app's header shows how many clips it holds while the
// clips feature itself loads only on the pages that need it.
import { useSyncExternalStore } from 'react';
import { parseTimecode } from '../time/index.ts';

export interface PackBasketClip {
  clipId: string;
  /** What the builder shows of the clip: its title (or episode title), quote and range. */
  title: string;
  quote: string;
  range: string;
  /** How long the clip lasts. */
  seconds: number;
  /** Its episode's media type, so a pack of videos is said to be watched; null if unknown. */
  mediaType?: string | null;
  note: string;
}

export interface PackBasket {
  title: string;
  intro: string;
  clips: PackBasketClip[];
}

/** The API's limit on clips per pack, checked here so the builder says it before saving. */
export const PACK_BASKET_MAX_CLIPS = 50;

const STORAGE_KEY = 'verbatim.packBasket.v1';
const EMPTY: PackBasket = { title: '', intro: '', clips: [] };

const isString = (v: unknown): v is string => typeof v === 'string';

/**
 * A clip's length as stored; a clip kept before lengths were has its range's ("0:41–1:27":
 * 46 s, at most a second or two over, as the range is rounded outwards).
 */
function storedSeconds(clip: Record<string, unknown>): number {
  if (typeof clip.seconds === 'number' && Number.isFinite(clip.seconds) && clip.seconds >= 0)
    return clip.seconds;
  const [start, end] = String(clip.range)
    .split('–')
    .map((part) => parseTimecode(part));
  return start != null && end != null && end > start ? end - start : 0;
}

/** What localStorage held, when it is a basket; anything else (edited by hand, an older shape) is empty. */
function parseBasket(raw: string | null): PackBasket {
  if (raw === null) return EMPTY;
  try {
    const data = JSON.parse(raw) as Partial<Record<keyof PackBasket, unknown>>;
    const clips = Array.isArray(data.clips) ? data.clips : [];
    return {
      title: isString(data.title) ? data.title : '',
      intro: isString(data.intro) ? data.intro : '',
      clips: clips
        .filter(
          (c): c is Omit<PackBasketClip, 'seconds'> & Record<string, unknown> =>
            typeof c === 'object' &&
            c !== null &&
            ['clipId', 'title', 'quote', 'range', 'note'].every((k) =>
              isString((c as Record<string, unknown>)[k]),
            ),
        )
        .slice(0, PACK_BASKET_MAX_CLIPS)
        .map((c) => ({
          ...c,
          seconds: storedSeconds(c),
          mediaType: isString(c.mediaType) ? c.mediaType : null,
        })),
    };
  } catch {
    return EMPTY;
  }
}

let current: PackBasket | null = null;
const listeners = new Set<() => void>();

function read(): PackBasket {
  if (current === null) {
    try {
      current = parseBasket(window.localStorage.getItem(STORAGE_KEY));
    } catch {
      current = EMPTY; // storage disabled: the basket lives for this page only
    }
  }
  return current;
}

function write(next: PackBasket): void {
  current = next;
  try {
    if (next.clips.length === 0 && next.title === '' && next.intro === '')
      window.localStorage.removeItem(STORAGE_KEY);
    else window.localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
  } catch {
    // not persisted; the basket still holds for this visit
  }
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // Another tab changed the basket: read it again.
  const onStorage = (event: StorageEvent) => {
    if (event.key !== STORAGE_KEY && event.key !== null) return;
    current = null;
    listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

export function usePackBasket(): PackBasket {
  return useSyncExternalStore(subscribe, read, () => EMPTY);
}

/** Adds a clip at the end (once); false when the basket is full. */
export function addToPackBasket(clip: Omit<PackBasketClip, 'note'>): boolean {
  const basket = read();
  if (basket.clips.some((c) => c.clipId === clip.clipId)) return true;
  if (basket.clips.length >= PACK_BASKET_MAX_CLIPS) return false;
  write({ ...basket, clips: [...basket.clips, { ...clip, note: '' }] });
  return true;
}

export function removeFromPackBasket(clipId: string): void {
  const basket = read();
  write({ ...basket, clips: basket.clips.filter((c) => c.clipId !== clipId) });
}

/** Moves a clip one place up (-1) or down (+1). */
export function moveInPackBasket(clipId: string, step: -1 | 1): void {
  const basket = read();
  const from = basket.clips.findIndex((c) => c.clipId === clipId);
  const to = from + step;
  if (from < 0 || to < 0 || to >= basket.clips.length) return;
  const clips = [...basket.clips];
  const [moved] = clips.splice(from, 1);
  if (moved) clips.splice(to, 0, moved);
  write({ ...basket, clips });
}

export function updatePackBasket(change: Partial<Pick<PackBasket, 'title' | 'intro'>>): void {
  write({ ...read(), ...change });
}

export function setPackBasketNote(clipId: string, note: string): void {
  const basket = read();
  write({ ...basket, clips: basket.clips.map((c) => (c.clipId === clipId ? { ...c, note } : c)) });
}

export function clearPackBasket(): void {
  write(EMPTY);
}
