// @vitest-environment jsdom
// How long a lesson pack lasts: the pack page and the pack builder give each clip's length
// and the total of the clips that play; the pack page's zip link asks for the handout in
// the reader's language (lang=fr on a French page), and a deleted clip's place is named in it.
import { cleanup, render, screen, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PackBuilderPage, PackPage } from '../../web/src/features/clips/index.ts';
import { I18nProvider, type Locale } from '../../web/src/shared/i18n/index.ts';
import { addToPackBasket, clearPackBasket } from '../../web/src/shared/pack-basket/index.ts';

const json = (body: unknown) =>
  new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });

function renderIn(locale: Locale, path: string, page: ReactNode) {
  window.history.replaceState(null, '', path);
  return render(<I18nProvider initialLocale={locale}>{page}</I18nProvider>);
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  window.history.replaceState(null, '', '/');
  clearPackBasket();
});

/** A clip of the pack as the API gives it: `start`–`end` of an episode, gone or not. */
function packClip(id: string, start: number, end: number, range: string, episodeGone = false) {
  return {
    missing: false,
    note: null,
    clip: {
      id,
      episodeId: 'show--drones',
      start,
      end,
      title: `Extrait ${id}`,
      note: null,
      quote: 'les drones',
    },
    episode: {
      id: 'show--drones',
      showId: 'show',
      title: 'Drones au-dessus des cortèges',
      date: null,
      language: 'fr',
      // A clip plays when its episode is in the archive with its media.
      mediaUrl: episodeGone ? null : '/media/show/drones.opus',
      mediaType: null,
      license: null,
    },
    show: { id: 'show', title: 'Une émission', url: null, license: null },
    speaker: null,
    range,
    transcriptChanged: false,
    episodeGone,
    cues: [],
    links: { page: `http://localhost/clips/${id}`, embed: '', card: '' },
    embedHtml: '',
  };
}

const pack = {
  pack: { id: 'Pk1pK2pK3p', title: 'Les drones', intro: null, items: [], createdAt: '2026-01-01' },
  items: [
    packClip('Aaaaaaaaa1', 761.2, 807.4, '12:41–13:28'),
    {
      missing: true,
      clipId: 'Bbbbbbbbb2',
      note: null,
      title: 'Clip 2 was deleted',
      reason: 'the clip was deleted',
    },
    packClip('Ccccccccc3', 20, 107, '0:20–1:47'),
    // Its episode left the archive: it does not play, and does not count.
    packClip('Ddddddddd4', 0, 30, '0:00–0:30', true),
  ],
  links: {
    page: 'http://localhost/packs/Pk1pK2pK3p',
    zip: 'http://localhost/api/packs/Pk1pK2pK3p/export.zip',
  },
};

describe('the pack page', () => {
  it('gives each clip’s length and the total of those that play', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.resolve(json(pack))),
    );
    renderIn('en', '/packs/Pk1pK2pK3p', <PackPage id="Pk1pK2pK3p" />);
    await screen.findByRole('heading', { level: 1, name: 'Les drones' });
    // 46.2 s + 87 s = 133.2 s
    expect(screen.getByText('2 clips to play, 2 min 13 s in all')).toBeTruthy();
    const items = screen.getAllByRole('listitem');
    expect(within(items[0]!).getByText('46 s')).toBeTruthy();
    expect(within(items[2]!).getByText('1 min 27 s')).toBeTruthy();
    expect(screen.getByRole('link', { name: /^Download the pack/ }).getAttribute('href')).toBe(
      'http://localhost/api/packs/Pk1pK2pK3p/export.zip?lang=en',
    );
  });

  it('in French: the total in French, and the zip’s handout asked in French', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.resolve(json(pack))),
    );
    renderIn('fr', '/packs/Pk1pK2pK3p', <PackPage id="Pk1pK2pK3p" />);
    await screen.findByRole('heading', { level: 1, name: 'Les drones' });
    expect(screen.getByText('2 extraits à écouter, 2 min 13 s au total')).toBeTruthy();
    // The deleted clip's place is named in French too (before: the API's "Clip 2 was deleted").
    expect(screen.getByRole('heading', { level: 2, name: 'L’extrait 2 a été supprimé' })).toBeTruthy();
    expect(screen.getByRole('link', { name: /^Télécharger le dossier/ }).getAttribute('href')).toBe(
      'http://localhost/api/packs/Pk1pK2pK3p/export.zip?lang=fr',
    );
  });
});

describe('the total of a pack', () => {
  // 6.4 s, 2.4 s and 5.4 s: shown as 6 s, 2 s and 5 s.
  const threeShort = {
    ...pack,
    items: [
      packClip('Aaaaaaaaa1', 10, 16.4, '0:10–0:17'),
      packClip('Bbbbbbbbb2', 30, 32.4, '0:30–0:33'),
      packClip('Ccccccccc3', 50, 55.4, '0:50–0:56'),
    ],
  };

  it('adds up the lengths shown for each clip, in English and French (before: 14 s)', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.resolve(json(threeShort))),
    );
    renderIn('en', '/packs/Pk1pK2pK3p', <PackPage id="Pk1pK2pK3p" />);
    await screen.findByRole('heading', { level: 1, name: 'Les drones' });
    const items = screen.getAllByRole('listitem');
    expect(['6 s', '2 s', '5 s'].map((length, i) => within(items[i]!).queryByText(length) !== null)).toEqual([
      true,
      true,
      true,
    ]);
    expect(screen.getByText('3 clips to play, 13 s in all')).toBeTruthy();
    cleanup();
    renderIn('fr', '/packs/Pk1pK2pK3p', <PackPage id="Pk1pK2pK3p" />);
    expect(await screen.findByText('3 extraits à écouter, 13 s au total')).toBeTruthy();
  });
});

describe('a French pack of video clips', () => {
  /** The pack with its first clip a video, and the others too when `allVideo`. */
  const withVideo = (allVideo: boolean) => ({
    ...pack,
    items: pack.items.map((item, i) =>
      'episode' in item && (allVideo || i === 0)
        ? { ...item, episode: { ...item.episode, mediaType: 'video/webm' } }
        : item,
    ),
  });

  it('is to be watched (“regarder”), not listened to (before: “Tout écouter”, “à écouter”)', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.resolve(json(withVideo(true)))),
    );
    renderIn('fr', '/packs/Pk1pK2pK3p', <PackPage id="Pk1pK2pK3p" />);
    await screen.findByRole('heading', { level: 1, name: 'Les drones' });
    expect(screen.getByText('2 extraits à regarder, 2 min 13 s au total')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Tout regarder dans l’ordre' })).toBeTruthy();
    expect(screen.getByRole('button', { name: /Regarder l’extrait 1 : Extrait Aaaaaaaaa1$/ })).toBeTruthy();
    expect(document.body.textContent).not.toMatch(/couter/);
  });

  it('of both kinds is to be listened to or watched, each clip as it is', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.resolve(json(withVideo(false)))),
    );
    renderIn('fr', '/packs/Pk1pK2pK3p', <PackPage id="Pk1pK2pK3p" />);
    await screen.findByRole('heading', { level: 1, name: 'Les drones' });
    expect(screen.getByText('2 extraits à écouter ou regarder, 2 min 13 s au total')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Tout lire dans l’ordre' })).toBeTruthy();
    expect(screen.getByRole('button', { name: /Regarder l’extrait 1 : / })).toBeTruthy();
    expect(screen.getByRole('button', { name: /Écouter l’extrait 3 : / })).toBeTruthy();
  });
});

describe('the French pack builder of video clips', () => {
  it('says they are to be watched (before: “à écouter”)', async () => {
    for (const [clipId, seconds] of [
      ['Aaaaaaaaa1', 46.2],
      ['Ccccccccc3', 87],
    ] as const) {
      addToPackBasket({
        clipId,
        title: clipId,
        quote: 'les drones',
        range: '0:20–1:47',
        seconds,
        mediaType: 'video/webm',
      });
    }
    renderIn('fr', '/packs/new', <PackBuilderPage />);
    expect(await screen.findByText('2 extraits à regarder, 2 min 13 s au total')).toBeTruthy();
  });
});

describe('the pack builder', () => {
  it('gives each clip’s length and the total, one clip in the singular', async () => {
    addToPackBasket({
      clipId: 'Aaaaaaaaa1',
      title: 'Un',
      quote: 'les drones',
      range: '12:41–13:28',
      seconds: 46.2,
    });
    renderIn('en', '/packs/new', <PackBuilderPage />);
    expect(await screen.findByText('1 clip to play, 46 s in all')).toBeTruthy();
    addToPackBasket({
      clipId: 'Ccccccccc3',
      title: 'Deux',
      quote: 'les drones',
      range: '0:20–1:47',
      seconds: 87,
    });
    expect(await screen.findByText('2 clips to play, 2 min 13 s in all')).toBeTruthy();
    const second = screen.getByRole('region', { name: 'Clip 2: Deux' });
    expect(within(second).getByText('0:20–1:47 · 1 min 27 s')).toBeTruthy();
  });

  it('counts a clip kept in this browser before lengths were, from its range', async () => {
    renderIn('fr', '/packs/new', <PackBuilderPage />);
    // Written by an earlier version of the app (another tab, say): no length kept.
    const key = 'verbatim.packBasket.v1';
    window.localStorage.setItem(
      key,
      JSON.stringify({
        title: '',
        intro: '',
        clips: [{ clipId: 'Aaaaaaaaa1', title: 'Un', quote: 'q', range: '0:41–1:27', note: '' }],
      }),
    );
    window.dispatchEvent(new StorageEvent('storage', { key }));
    expect(await screen.findByText('1 extrait à écouter, 46 s au total')).toBeTruthy();
  });
});
