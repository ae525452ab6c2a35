// @vitest-environment jsdom
// Pages that load something from the API say, when it fails, what failed in the reader's
// language; "Back to search" returns to the search the reader last made; and the embed's
// links never navigate the host page's iframe.
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EmbedClipPage } from '../../web/src/features/clips/index.ts';
import { EpisodePage } from '../../web/src/features/episode/index.ts';
import { SearchPage } from '../../web/src/features/search/index.ts';
import { I18nProvider, type Locale } from '../../web/src/shared/i18n/index.ts';
import type { ReactNode } from 'react';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

function stubFetch(answer: (url: URL) => Promise<Response>) {
  vi.stubGlobal(
    'fetch',
    vi.fn((input: RequestInfo | URL) =>
      answer(new URL(input instanceof Request ? input.url : String(input))),
    ),
  );
}

function renderIn(locale: Locale, path: string, page: ReactNode) {
  window.history.replaceState(null, '', path);
  return render(<I18nProvider initialLocale={locale}>{page}</I18nProvider>);
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  window.history.replaceState(null, '', '/');
  window.sessionStorage.clear();
});

describe('the episode page when it cannot load', () => {
  it('is headed as an episode that could not load, in French, with no English words', async () => {
    stubFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    renderIn('fr', '/episodes/une-emission--un-episode', <EpisodePage id="une-emission--un-episode" />);
    const alert = await screen.findByRole('alert');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Impossible de charger l’épisode');
    expect(alert.textContent).not.toContain('La recherche a échoué');
    expect(alert.textContent).toContain('Le serveur est injoignable.');
    expect(alert.textContent).not.toMatch(/server|could not|a répondu/);
  });

  it('names the server’s own answer when there is one', async () => {
    stubFetch(() =>
      Promise.resolve(json(500, { error: { code: 'internal', message: 'the archive is being restored' } })),
    );
    renderIn('en', '/episodes/x--y', <EpisodePage id="x--y" />);
    const alert = await screen.findByRole('alert');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('The episode could not be loaded');
    expect(alert.textContent).toContain('The server answered: the archive is being restored.');
  });

  it('leads "Back to search" to the last search made, not to an empty search page', async () => {
    stubFetch((url) =>
      url.pathname === '/api/search'
        ? new Promise<Response>(() => undefined)
        : Promise.resolve(json(200, { items: [], total: 0 })),
    );
    const search = renderIn('en', '/search?q=drones&lang=fr', <SearchPage />);
    search.unmount();
    stubFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    renderIn('en', '/episodes/x--y', <EpisodePage id="x--y" />);
    const back = await screen.findByRole('link', { name: 'Back to search' });
    expect(back.getAttribute('href')).toBe('/search?q=drones&lang=fr');
  });
});

describe('the embed', () => {
  const clipView = {
    clip: {
      id: 'Ab3dEf7hJk',
      episodeId: 'une-emission--un-episode',
      start: 12,
      end: 19.5,
      title: null,
      note: null,
      quote: 'les caméras ne regardent pas que les voitures',
    },
    episode: {
      id: 'une-emission--un-episode',
      showId: 'une-emission',
      title: 'Un épisode sur les caméras',
      date: '2031-05-02',
      language: 'fr',
      mediaUrl: null,
      mediaType: null,
      license: null,
    },
    show: {
      id: 'une-emission',
      title: 'Une émission',
      url: 'https://example.org/une-emission',
      license: 'CC BY-SA 4.0',
    },
    speaker: 'Inès Morel',
    range: '0:12–0:19',
    transcriptChanged: false,
    cues: [],
    links: {
      page: 'http://localhost:3000/clips/Ab3dEf7hJk',
      embed: 'http://localhost:3000/embed/clips/Ab3dEf7hJk',
      episodeRange: 'http://localhost:3000/episodes/une-emission--un-episode#t=12,19.5',
      card: 'http://localhost:3000/api/clips/Ab3dEf7hJk/card.png',
    },
    embedHtml: '',
  };

  it('opens every link in a new tab, so the host page’s iframe never shows the whole app', async () => {
    stubFetch(() => Promise.resolve(json(200, clipView)));
    renderIn('en', '/embed/clips/Ab3dEf7hJk', <EmbedClipPage id="Ab3dEf7hJk" />);
    await screen.findByText(/les caméras ne regardent pas/);
    const links = screen.getAllByRole('link');
    expect(links.map((link) => link.textContent)).toEqual([
      'Une émission',
      'Un épisode sur les caméras',
      'On Verbatim',
    ]);
    for (const link of links) {
      expect(link.getAttribute('target'), link.textContent ?? '').toBe('_blank');
      expect(link.getAttribute('rel'), link.textContent ?? '').toBe('noopener');
    }
    expect(screen.getByRole('link', { name: 'Un épisode sur les caméras' }).getAttribute('href')).toBe(
      clipView.links.episodeRange,
    );
    expect(document.querySelector('.clip-licence')?.textContent).toBe('CC BY-SA 4.0');
  });
});
