// @vitest-environment jsdom
// A clip of an episode that has no audio or video (its media file was removed, or the
// transcript never had one): its page says so and offers no media download that would fail,
// its embed says why it has no player (in the page's language), and a pack neither counts it
// as a clip to play nor stops at it when playing in order.
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ClipPage, EmbedClipPage, PackPage } from '../../web/src/features/clips/index.ts';
import { renderIn, stubFetch } from './clip-test-env.tsx';

/** A clip as GET /api/clips/<id> gives it; `mediaUrl` null: its episode has no media. */
function clipView(id: string, start: number, end: number, range: string, mediaUrl: string | null) {
  return {
    clip: {
      id,
      episodeId: 'libertes-numeriques--biometrie',
      start,
      end,
      title: null,
      note: null,
      quote: 'On ne change pas de visage comme on change de mot de passe.',
      revision: 'rev-1',
      createdAt: '2026-01-02T10:00:00.000Z',
      episodeAtCut: null,
    },
    episode: {
      id: 'libertes-numeriques--biometrie',
      showId: 'libertes-numeriques',
      title: 'Les données biométriques',
      date: '2026-05-20',
      language: 'fr',
      mediaUrl,
      mediaType: 'audio/ogg',
      url: null,
      license: 'CC BY-SA 4.0',
      duration: 99,
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
    cues: [{ start, end, speaker: 'Léa Morvan', text: 'On ne change pas de visage.' }],
    speaker: 'Léa Morvan',
    range,
    links: {
      page: `http://localhost/clips/${id}`,
      embed: `http://localhost/embed/clips/${id}`,
      card: `http://localhost/api/clips/${id}/card.png`,
      oembed: 'http://localhost/oembed',
      episodeRange: `http://localhost/episodes/libertes-numeriques--biometrie#t=${start},${end}`,
      audio: `http://localhost/api/clips/${id}/export/audio`,
    },
    transcriptChanged: false,
    episodeGone: false,
    embedHtml: '',
  };
}

const citation = {
  style: 'apa',
  text: 'Libertés numériques. (2026).',
  markdown: '',
  inText: null,
  range: '',
};

describe('the page of a clip whose episode has no media', () => {
  it('says there is no audio or video, and offers captions and the quote but no media download', async () => {
    const view = clipView('NoM3diaCl1', 29, 44, '0:29–0:44', null);
    stubFetch((url) => (url.pathname.endsWith('/citation') ? citation : view));
    renderIn('en', '/clips/NoM3diaCl1', <ClipPage id="NoM3diaCl1" />);
    await screen.findByRole('heading', { level: 1 });
    expect(screen.getByText(/^This episode has no audio or video in the archive/)).toBeTruthy();
    const downloads = screen.getByRole('list', { name: 'Downloads' });
    expect(
      within(downloads)
        .getAllByRole('link')
        .map((a) => a.textContent),
    ).toEqual(['Captions (VTT)', 'Captions (SRT)', 'Quote (Markdown)']);
  });

  it('says so in French', async () => {
    const view = clipView('NoM3diaCl1', 29, 44, '0:29–0:44', null);
    stubFetch((url) => (url.pathname.endsWith('/citation') ? citation : view));
    renderIn('fr', '/clips/NoM3diaCl1', <ClipPage id="NoM3diaCl1" />);
    expect(await screen.findByText(/^Cet épisode n’a ni audio ni vidéo dans l’archive/)).toBeTruthy();
    const downloads = screen.getByRole('list', { name: 'Téléchargements' });
    expect(within(downloads).queryByRole('link', { name: 'Audio' })).toBeNull();
  });
});

describe('the embed of a clip whose episode has no media', () => {
  // Before: the quote and attribution under an empty space, with no word of why nothing plays.
  it('says in a short line that there is nothing to play, in English and in French', async () => {
    const view = clipView('NoM3diaCl1', 29, 44, '0:29–0:44', null);
    stubFetch(() => view);
    const en = renderIn('en', '/embed/clips/NoM3diaCl1', <EmbedClipPage id="NoM3diaCl1" />);
    await screen.findByText(/On ne change pas de visage comme/);
    expect(screen.getByRole('note').textContent).toBe('No audio or video of this clip in the archive.');
    en.unmount();
    renderIn('fr', '/embed/clips/NoM3diaCl1', <EmbedClipPage id="NoM3diaCl1" />);
    await screen.findByText(/On ne change pas de visage comme/);
    expect(screen.getByRole('note').textContent).toBe(
      'Pas d’audio ni de vidéo de cet extrait dans l’archive.',
    );
  });

  // The framed page's title names the clip, as the iframe's title does (before: the episode's).
  it('is titled by the clip’s quote, episode and range', async () => {
    stubFetch(() => clipView('NoM3diaCl1', 29, 44, '0:29–0:44', null));
    renderIn('en', '/embed/clips/NoM3diaCl1', <EmbedClipPage id="NoM3diaCl1" />);
    await screen.findByText(/On ne change pas de visage comme/);
    expect(document.title).toBe(
      '“On ne change pas de visage comme on change de mot de passe.” — Les données biométriques (0:29–0:44) — Verbatim',
    );
  });
});

describe('a pack holding such a clip', () => {
  const pack = {
    pack: { id: 'P4ckP4ckP4', title: 'Le TD', intro: null, items: [], createdAt: '2026-01-02' },
    items: [
      { ...clipView('NoM3diaCl1', 29, 44, '0:29–0:44', null), missing: false, note: null },
      { ...clipView('W1thMed1a2', 10, 16, '0:10–0:16', '/media/biometrie.opus'), missing: false, note: null },
    ],
    links: {
      page: 'http://localhost/packs/P4ckP4ckP4',
      zip: 'http://localhost/api/packs/P4ckP4ckP4/export.zip',
    },
  };

  it('counts only the clip that plays, starts there, and says why the other does not play', async () => {
    stubFetch(() => pack);
    renderIn('en', '/packs/P4ckP4ckP4', <PackPage id="P4ckP4ckP4" />);
    await screen.findByRole('heading', { level: 1, name: 'Le TD' });
    expect(screen.getByText('1 clip to play, 6 s in all')).toBeTruthy();
    // The player is on the clip that plays (before: on the first, which has nothing to play).
    expect(screen.getByText('Now playing 2 of 2')).toBeTruthy();
    const items = screen.getAllByRole('listitem').filter((li) => li.closest('.pack-items'));
    expect(within(items[0]!).queryByRole('button')).toBeNull();
    expect(items[0]!.textContent).toContain('This episode has no audio or video in the archive');
    expect(within(items[1]!).getByRole('button').textContent).toContain('0:10–0:16');
  });

  it('in French', async () => {
    stubFetch(() => pack);
    renderIn('fr', '/packs/P4ckP4ckP4', <PackPage id="P4ckP4ckP4" />);
    await screen.findByRole('heading', { level: 1, name: 'Le TD' });
    expect(screen.getByText('1 extrait à écouter, 6 s au total')).toBeTruthy();
  });
});
