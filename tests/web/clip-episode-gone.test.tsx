// @vitest-environment jsdom
// A clip whose episode left the archive: its page (and its place in a pack) still shows
// the quote and the citation, says the episode is gone, and offers only what still works.
// While it is in the archive, its media download says whether it is a video or audio.
import { cleanup, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ClipPage, PackPage } from '../../web/src/features/clips/index.ts';
import type { Locale } from '../../web/src/shared/i18n/index.ts';
import { renderIn, stubFetch } from './clip-test-env.tsx';

const quote = 'Les drones filment la foule sans aucun cadre légal.';
const goneView = {
  clip: {
    id: 'Dr0nesClip',
    episodeId: 'libertes-numeriques--drones',
    start: 3,
    end: 9,
    title: null,
    note: null,
    quote,
    revision: 'rev-1',
    createdAt: '2025-01-02T10:00:00.000Z',
    episodeAtCut: null,
  },
  episode: {
    id: 'libertes-numeriques--drones',
    showId: 'libertes-numeriques',
    title: 'Des drones au-dessus des manifestations',
    date: '2023-11-20',
    language: 'fr',
    mediaUrl: null,
    mediaType: 'audio/mpeg',
    url: 'https://libertes.example.org/drones',
    license: 'CC BY-SA 4.0',
    duration: 12,
    revision: 'rev-1',
  },
  show: {
    id: 'libertes-numeriques',
    title: 'Libertés numériques',
    description: null,
    language: null,
    url: null,
    image: null,
    license: null,
  },
  cues: [],
  speaker: 'Paul Girard',
  range: '0:03–0:09',
  links: {
    page: 'http://localhost/clips/Dr0nesClip',
    embed: 'http://localhost/embed/clips/Dr0nesClip',
    card: 'http://localhost/api/clips/Dr0nesClip/card.png',
    oembed: 'http://localhost/oembed',
    // No episodeRange nor audio: the API leaves out links that lead nowhere once the episode is gone.
  },
  transcriptChanged: false,
  episodeGone: true,
  embedHtml: '',
};
const apa = {
  style: 'apa',
  text: 'Libertés numériques. (2023, November 20). Des drones au-dessus des manifestations [Audio podcast episode].',
  markdown: '',
  inText: '(Libertés numériques, 2023, 0:03–0:09)',
  range: '0:03–0:09',
};

describe('the page of a clip whose episode was deleted', () => {
  it('shows the quote, its source and citation, and says the episode is no longer in the archive', async () => {
    stubFetch((url) => (url.pathname.endsWith('/citation') ? apa : goneView));
    renderIn('en', '/clips/Dr0nesClip', <ClipPage id="Dr0nesClip" />);
    expect((await screen.findByRole('heading', { level: 1 })).textContent).toBe(
      'Des drones au-dessus des manifestations',
    );
    expect(screen.getByText(`“${quote}”`)).toBeTruthy();
    expect(
      screen.getByText(/^This episode is no longer in the archive\. The quote and its citation/),
    ).toBeTruthy();
    expect(document.querySelector('.clip-attribution')?.textContent).toContain('Libertés numériques');
    expect(await screen.findByText(apa.inText)).toBeTruthy();
    // The episode page and the media-bound downloads are gone; the quote still downloads.
    expect(screen.queryByRole('link', { name: 'Play it in the full episode' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'Des drones au-dessus des manifestations' })).toBeNull();
    const downloads = screen.getByRole('list', { name: 'Downloads' });
    expect(
      within(downloads)
        .getAllByRole('link')
        .map((a) => a.textContent),
    ).toEqual(['Quote (Markdown)']);
  });

  it('says so in French too', async () => {
    stubFetch((url) => (url.pathname.endsWith('/citation') ? apa : goneView));
    renderIn('fr', '/clips/Dr0nesClip', <ClipPage id="Dr0nesClip" />);
    expect(await screen.findByText(/^Cet épisode n’est plus dans l’archive\./)).toBeTruthy();
  });
});

describe('the downloads of a clip in the archive', () => {
  it('name the media a video clip downloads as a video, an audio clip’s as audio', async () => {
    const inArchive = {
      ...goneView,
      episode: { ...goneView.episode, mediaUrl: '/media/drones.mp3' },
      episodeGone: false,
    };
    const names = async (mediaType: string, locale: Locale) => {
      stubFetch((url) =>
        url.pathname.endsWith('/citation')
          ? apa
          : { ...inArchive, episode: { ...inArchive.episode, mediaType } },
      );
      renderIn(locale, '/clips/Dr0nesClip', <ClipPage id="Dr0nesClip" />);
      const downloads = await screen.findByRole('list', {
        name: locale === 'fr' ? 'Téléchargements' : 'Downloads',
      });
      const links = within(downloads)
        .getAllByRole('link')
        .map((a) => `${a.textContent} ${a.getAttribute('href')}`);
      cleanup();
      return links[0];
    };
    expect(await names('video/webm', 'en')).toBe('Video (MP4) /api/clips/Dr0nesClip/export/audio');
    expect(await names('video/webm', 'fr')).toBe('Vidéo (MP4) /api/clips/Dr0nesClip/export/audio');
    expect(await names('audio/mpeg', 'en')).toBe('Audio /api/clips/Dr0nesClip/export/audio');
  });
});

describe('a pack holding such a clip', () => {
  it('lists it with its quote and the notice, and plays only the clips that still can', async () => {
    const present = {
      ...goneView,
      clip: { ...goneView.clip, id: 'Pr3sentCl1', quote: 'Le Conseil d’État l’a rappelé.' },
      episode: { ...goneView.episode, id: 'libertes-numeriques--autre', mediaUrl: '/media/autre.mp3' },
      links: {
        ...goneView.links,
        episodeRange: 'http://localhost/episodes/libertes-numeriques--autre#t=3,9',
        audio: 'http://localhost/api/clips/Pr3sentCl1/export/audio',
      },
      episodeGone: false,
    };
    stubFetch(() => ({
      pack: { id: 'P4ckP4ckP4', title: 'Le TD', intro: null, items: [], createdAt: '2025-01-02' },
      items: [
        { ...goneView, missing: false, note: 'À lire avant' },
        { ...present, missing: false, note: null },
      ],
      links: {
        page: 'http://localhost/packs/P4ckP4ckP4',
        zip: 'http://localhost/api/packs/P4ckP4ckP4/export.zip',
      },
    }));
    renderIn('en', '/packs/P4ckP4ckP4', <PackPage id="P4ckP4ckP4" />);
    const items = (await screen.findAllByRole('listitem')).filter((li) => li.closest('.pack-items'));
    expect(items).toHaveLength(2);
    expect(items[0]!.textContent).toContain(quote);
    expect(items[0]!.textContent).toContain('This episode is no longer in the archive.');
    expect(items[0]!.textContent).toContain('À lire avant');
    expect(within(items[0]!).queryByRole('button')).toBeNull();
    expect(within(items[1]!).getByRole('button').textContent).toContain('0:03–0:09');
  });
});
