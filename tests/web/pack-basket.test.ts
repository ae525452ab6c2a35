// @vitest-environment jsdom
// The lesson pack being assembled lives in localStorage: it must survive a reload, ignore
// what it cannot read, keep each clip once, and stop at the API's limit.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const KEY = 'verbatim.packBasket.v1';
const clip = (n: number) => ({
  clipId: `clip${n}`,
  title: `Titre ${n}`,
  quote: `Citation ${n}`,
  range: '0:01–0:05',
  seconds: 3.6,
});

/** The module as a fresh page load sees it (its in-memory copy starts empty). */
async function freshBasket() {
  vi.resetModules();
  return import('../../web/src/shared/pack-basket/pack-basket.ts');
}

describe('pack basket', () => {
  beforeEach(() => window.localStorage.clear());

  it('keeps clips, order, notes, title and intro across a reload', async () => {
    const basket = await freshBasket();
    basket.addToPackBasket(clip(1));
    basket.addToPackBasket(clip(2));
    basket.addToPackBasket(clip(1));
    basket.moveInPackBasket('clip2', -1);
    basket.setPackBasketNote('clip1', 'à lire après');
    basket.updatePackBasket({ title: 'Dossier', intro: 'Intro' });

    const reloaded = await freshBasket();
    const { renderHook } = await import('@testing-library/react');
    const { result } = renderHook(() => reloaded.usePackBasket());
    expect(result.current.clips.map((c) => [c.clipId, c.note])).toEqual([
      ['clip2', ''],
      ['clip1', 'à lire après'],
    ]);
    expect([result.current.title, result.current.intro]).toEqual(['Dossier', 'Intro']);
  });

  it('starts empty from unreadable storage, and drops entries of the wrong shape', async () => {
    window.localStorage.setItem(KEY, '{not json');
    let basket = await freshBasket();
    expect(basket.addToPackBasket(clip(1))).toBe(true);
    expect((JSON.parse(window.localStorage.getItem(KEY)!) as { clips: unknown[] }).clips).toHaveLength(1);

    window.localStorage.setItem(
      KEY,
      JSON.stringify({ title: 7, clips: [{ clipId: 'x' }, { ...clip(3), note: '' }] }),
    );
    basket = await freshBasket();
    basket.addToPackBasket(clip(4));
    const stored = JSON.parse(window.localStorage.getItem(KEY)!) as {
      title: string;
      clips: { clipId: string }[];
    };
    expect(stored.title).toBe('');
    expect(stored.clips.map((c) => c.clipId)).toEqual(['clip3', 'clip4']);
  });

  it('refuses a clip past the API limit, and forgets everything once cleared', async () => {
    const basket = await freshBasket();
    for (let n = 0; n < basket.PACK_BASKET_MAX_CLIPS; n++) expect(basket.addToPackBasket(clip(n))).toBe(true);
    expect(basket.addToPackBasket(clip(999))).toBe(false);
    basket.clearPackBasket();
    expect(window.localStorage.getItem(KEY)).toBeNull();
  });
});
