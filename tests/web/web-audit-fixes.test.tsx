// @vitest-environment jsdom
// Smaller things an audit in headless Chromium found, each checked against a stubbed API:
// "Show more" pages past the API's 100-per-request limit; the clip maker says why Save is
// greyed out and writes seconds in the reader's language; every page keeps its tab title
// after a language switch; focus goes to the new page's heading; the pack's play buttons
// say which clip; not-found pages share one structure; the citation stays while the next
// style loads; and a refused query is explained in the reader's language. (Addresses are
// set with navigate(), which the app's router reads, not with history alone.)
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Cue } from '../../server/model/types.ts';
import { App } from '../../web/src/app/app.tsx';
import { ClipMaker, ClipPage, PackPage } from '../../web/src/features/clips/index.ts';
import { SearchPage } from '../../web/src/features/search/index.ts';
import { I18nProvider, type Locale } from '../../web/src/shared/i18n/index.ts';
import { navigate } from '../../web/src/shared/router/index.ts';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

type Answer = (url: URL) => Response | Promise<Response>;
let requests: URL[] = [];

function stubApi(answer: Answer) {
  requests = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((input: RequestInfo | URL) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      requests.push(url);
      if (url.pathname === '/api/shows') return Promise.resolve(json(200, { items: [], total: 0 }));
      return Promise.resolve(answer(url));
    }),
  );
}

function renderIn(locale: Locale, path: string, page: ReactNode) {
  navigate(path, { replace: true });
  return render(<I18nProvider initialLocale={locale}>{page}</I18nProvider>);
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  navigate('/', { replace: true });
  window.localStorage.clear();
  window.sessionStorage.clear();
  document.title = '';
});

const noFacets = { show: {}, speaker: {}, language: {}, year: {} };

function episodeGroup(n: number) {
  const episode = {
    id: `show--episode-${n}`,
    title: `Episode number ${n}`,
    showId: 'show',
    showTitle: 'The show',
    date: null,
    source: 'x.vtt',
    media: null,
  };
  const moment = {
    episode,
    start: n,
    end: n + 1,
    speaker: null,
    snippet: 'the drones fly',
    highlights: [{ start: 4, end: 10 }],
    before: '',
    after: '',
    matchedWords: 1,
    score: 1,
  };
  return { episode, count: 1, moments: [moment], score: 1 };
}

describe('"Show more results"', () => {
  it('goes on past 100 episodes, asking for the next page with offset', async () => {
    const all = Array.from({ length: 130 }, (_, i) => episodeGroup(i + 1));
    stubApi((url) => {
      const limit = Number(url.searchParams.get('limit') ?? 20);
      const offset = Number(url.searchParams.get('offset') ?? 0);
      if (limit > 100) return json(400, { error: { code: 'bad_request', message: 'limit', details: {} } });
      const groups = all.slice(offset, offset + limit);
      return json(200, {
        query: 'drones',
        total: all.length,
        partial: false,
        tookMs: 1,
        hits: groups.flatMap((g) => g.moments),
        groups,
        facets: noFacets,
      });
    });
    renderIn('en', '/search?q=drones', <SearchPage />);
    // Role queries over 100+ results take seconds in jsdom on a busy machine: the waits are
    // long, the order and the requests are what is checked.
    const wait = { timeout: 15_000 };
    await screen.findByRole('link', { name: 'Episode number 20' }, wait);
    for (let shown = 20; shown < 120; shown += 20) {
      fireEvent.click(screen.getByRole('button', { name: 'Show more results' }));
      await screen.findByRole('link', { name: `Episode number ${shown + 20}` }, wait);
    }
    expect(screen.getAllByRole('heading', { level: 3 })).toHaveLength(120);
    const searches = requests.filter((url) => url.pathname === '/api/search');
    expect(searches.map((url) => url.searchParams.get('offset') ?? '0')).toEqual([
      '0',
      '20',
      '40',
      '60',
      '80',
      '100',
    ]);
    fireEvent.click(screen.getByRole('button', { name: 'Show more results' }));
    await screen.findByRole('link', { name: 'Episode number 130' }, wait);
    expect(screen.queryByRole('button', { name: 'Show more results' })).toBeNull();
  }, 90_000);
});

describe('the clip maker', () => {
  const cues: Cue[] = [
    { start: 10, end: 15, speaker: 'Inès', text: 'Les drones filment les cortèges.' },
    { start: 15, end: 35, speaker: 'Inès', text: 'Et personne ne sait ce que deviennent les images.' },
  ];
  const episode = {
    id: 'show--drones',
    showId: 'show',
    title: 'Drones',
    date: null,
    language: 'fr',
    speakers: ['Inès'],
    duration: 40,
    mediaUrl: null,
    mediaType: null,
    chapters: [],
  } as unknown as Parameters<typeof ClipMaker>[0]['episode'];

  it('says why Save and Preview cannot be used when the end comes before the start', () => {
    renderIn(
      'en',
      '/episodes/show--drones',
      <ClipMaker episode={episode} cues={cues} selection={null} player={null} />,
    );
    const save = screen.getByRole('button', { name: 'Save clip' });
    expect(save).toHaveProperty('disabled', true);
    expect(save.getAttribute('aria-describedby')).toBeTruthy();
    const reason = () => document.getElementById(save.getAttribute('aria-describedby') ?? '')?.textContent;
    expect(reason()).toBe('Set both ends of the clip first.');

    cleanup();
    // A selection sets both ends; then the out point is nudged back before the in point.
    renderIn(
      'en',
      '/episodes/show--drones',
      <ClipMaker
        episode={episode}
        cues={cues}
        selection={{ startCueIndex: 0, endCueIndex: 0 }}
        player={null}
      />,
    );
    const outEnd = screen.getByRole('group', { name: 'Nudge Out' });
    for (let i = 0; i < 12; i++) fireEvent.click(within(outEnd).getByRole('button', { name: '−0.5 s' }));
    const saveAgain = screen.getByRole('button', { name: 'Save clip' });
    expect(saveAgain).toHaveProperty('disabled', true);
    expect(document.getElementById(saveAgain.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
      'The end must come after the start.',
    );
    const preview = screen.getByRole('button', { name: 'Preview on a loop' });
    expect(preview.getAttribute('aria-describedby')).toBe(saveAgain.getAttribute('aria-describedby'));
  });

  it('writes seconds as the language does: 25,0 s in French', () => {
    renderIn(
      'fr',
      '/episodes/show--drones',
      <ClipMaker
        episode={episode}
        cues={cues}
        selection={{ startCueIndex: 0, endCueIndex: 1 }}
        player={null}
      />,
    );
    expect(document.querySelector('.clip-maker-quote')?.textContent).toContain('25,0 s');
    expect(document.querySelector('[data-clip-end="start"]')?.textContent).toBe('0:10 (10,0 s)');
    expect(document.body.textContent).not.toContain('25.0');
  });
});

const clipView = {
  clip: {
    id: 'Qw3rTy7uIo',
    episodeId: 'show--drones',
    start: 9.5,
    end: 14.014,
    title: 'Ce que filment les drones',
    note: null,
    quote: 'les drones filment les cortèges',
  },
  episode: {
    id: 'show--drones',
    showId: 'show',
    title: 'Drones au-dessus des cortèges',
    date: null,
    language: 'fr',
    mediaUrl: null,
    mediaType: null,
    license: null,
  },
  show: { id: 'show', title: 'Une émission', url: null, license: null },
  speaker: null,
  range: '0:09–0:15',
  transcriptChanged: false,
  cues: [],
  links: {
    page: 'http://localhost:3000/clips/Qw3rTy7uIo',
    embed: 'http://localhost:3000/embed/clips/Qw3rTy7uIo',
    episodeRange: 'http://localhost:3000/episodes/show--drones#t=9.5,14.014',
    card: 'http://localhost:3000/api/clips/Qw3rTy7uIo/card.png',
  },
  embedHtml: '<iframe></iframe>',
};

const citation = (style: string) => ({
  style,
  text: `Citation in ${style}`,
  inText: `(${style}, 2031)`,
});

describe('the tab title', () => {
  it('stays the clip’s own after a language switch', async () => {
    stubApi((url) =>
      url.pathname.endsWith('/citation')
        ? json(200, citation(url.searchParams.get('style') ?? 'apa'))
        : json(200, clipView),
    );
    navigate('/clips/Qw3rTy7uIo', { replace: true });
    window.localStorage.setItem('verbatim.locale', 'en');
    render(<App />);
    await screen.findByRole('heading', { level: 1, name: 'Ce que filment les drones' }, { timeout: 10_000 });
    await waitFor(() => expect(document.title).toBe('Ce que filment les drones (0:09–0:15) — Verbatim'));
    fireEvent.change(screen.getByRole('combobox', { name: 'Language' }), { target: { value: 'fr' } });
    await screen.findByRole('combobox', { name: 'Langue' });
    expect(document.title).toBe('Ce que filment les drones (0:09–0:15) — Verbatim');
    // The clip page offers the full episode, with the clip's range.
    expect(screen.getByRole('link', { name: 'L’écouter dans l’épisode complet' }).getAttribute('href')).toBe(
      '/episodes/show--drones#t=9.5,14.014',
    );
  });
});

describe('focus after navigation', () => {
  it('moves to the new page’s main heading, which can take focus', async () => {
    stubApi(() => json(404, { error: { code: 'not_found', message: 'no such clip' } }));
    navigate('/', { replace: true });
    window.localStorage.setItem('verbatim.locale', 'en');
    render(<App />);
    act(() => navigate('/clips/Zz9zZz9zZz'));
    const heading = await screen.findByRole('heading', { level: 1, name: 'Page not found' });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    expect(heading.getAttribute('tabindex')).toBe('-1');
  });
});

describe('pages that are not found', () => {
  const notFound = () => json(404, { error: { code: 'not_found', message: 'nothing here' } });

  it('share one structure: heading, why, and a link back to the search', async () => {
    stubApi(notFound);
    window.localStorage.setItem('verbatim.locale', 'en');
    const shapes: string[] = [];
    for (const path of ['/episodes/show--nope', '/clips/Nope123456', '/packs/Nope123456', '/no/such/page']) {
      navigate(path, { replace: true });
      render(<App />);
      const alert = await screen.findByRole('alert');
      expect(within(alert).getByRole('heading', { level: 1 }).textContent).toBe('Page not found');
      const link = within(alert).getByRole('link');
      expect(link.textContent).toBe('Back to search');
      expect(link.getAttribute('href')).toMatch(/^\/(search\?|$)/);
      shapes.push([...alert.children].map((child) => child.tagName).join(' '));
      cleanup();
    }
    expect(new Set(shapes)).toEqual(new Set(['H1 P P']));
  });
});

describe('a pack', () => {
  it('names each play button after its clip, not only its range', async () => {
    // Clips that play: their episode has media.
    const withMedia = { ...clipView, episode: { ...clipView.episode, mediaUrl: '/media/show/drones.opus' } };
    const second = {
      ...withMedia,
      clip: {
        ...clipView.clip,
        id: 'As4dFg8hJk',
        title: null,
        quote: 'personne ne sait ce que deviennent les images',
      },
    };
    stubApi(() =>
      json(200, {
        pack: { id: 'Pk1pK2pK3p', title: 'Les drones', intro: null },
        items: [
          { ...withMedia, note: null },
          { ...second, note: null },
        ],
        links: { page: 'http://localhost:3000/packs/Pk1pK2pK3p', zip: '/api/packs/Pk1pK2pK3p/zip' },
      }),
    );
    renderIn('en', '/packs/Pk1pK2pK3p', <PackPage id="Pk1pK2pK3p" />);
    expect(
      await screen.findByRole('button', { name: '▶ 0:09–0:15 — Play clip 1: Ce que filment les drones' }),
    ).toBeTruthy();
    expect(
      screen.getByRole('button', {
        name: '▶ 0:09–0:15 — Play clip 2: personne ne sait ce que deviennent les images',
      }),
    ).toBeTruthy();
  });
});

describe('a clip where two people speak at once', () => {
  it('lists both lines, though both start where the clip starts', async () => {
    // Cross-talk: two cues the clip starts inside, so both are cut to begin at its start.
    const crossTalk = {
      ...clipView,
      cues: [
        { start: 9.5, end: 12, speaker: 'Inès', text: 'les drones filment' },
        { start: 9.5, end: 11, speaker: 'Paul', text: 'pas tous' },
        { start: 12, end: 14.014, speaker: 'Inès', text: 'les cortèges' },
      ],
    };
    stubApi((url) =>
      url.pathname.endsWith('/citation') ? json(200, citation('apa')) : json(200, crossTalk),
    );
    renderIn('fr', '/clips/Qw3rTy7uIo', <ClipPage id="Qw3rTy7uIo" />);
    const transcript = await screen.findByRole('list', { name: 'Transcription de l’extrait' });
    expect(
      within(transcript)
        .getAllByRole('listitem')
        .map((li) => li.querySelector('.cue-text')?.textContent),
    ).toEqual(['les drones filment', 'pas tous', 'les cortèges']);
  });
});

describe('a pack’s clip notes', () => {
  it('show the note the clip was saved with as well as the pack’s note, as the handout does', async () => {
    const noted = { ...clipView, clip: { ...clipView.clip, note: 'À écouter avant le TD' } };
    stubApi(() =>
      json(200, {
        pack: { id: 'Pk1pK2pK3p', title: 'Les drones', intro: null },
        items: [{ ...noted, missing: false, note: 'Comparer avec le texte du décret' }],
        links: { page: 'http://localhost:3000/packs/Pk1pK2pK3p', zip: '/api/packs/Pk1pK2pK3p/zip' },
      }),
    );
    renderIn('fr', '/packs/Pk1pK2pK3p', <PackPage id="Pk1pK2pK3p" />);
    const item = (await screen.findByRole('heading', { level: 2 })).closest('li')!;
    expect([...item.querySelectorAll('.clip-note')].map((p) => p.textContent)).toEqual([
      'À écouter avant le TD',
      'Comparer avec le texte du décret',
    ]);
  });
});

describe('the citation', () => {
  it('stays shown, marked busy, while the next style loads', async () => {
    let releaseMla: () => void = () => undefined;
    stubApi((url) => {
      if (!url.pathname.endsWith('/citation')) return json(200, clipView);
      const style = url.searchParams.get('style') ?? 'apa';
      if (style === 'apa') return json(200, citation('apa'));
      return new Promise<Response>((resolve) => {
        releaseMla = () => resolve(json(200, citation(style)));
      });
    });
    navigate('/clips/Qw3rTy7uIo', { replace: true });
    window.localStorage.setItem('verbatim.locale', 'en');
    render(<App />);
    await screen.findByText('Citation in apa');
    fireEvent.change(screen.getByRole('combobox', { name: 'Citation style' }), { target: { value: 'mla' } });
    const kept = screen.getByText('Citation in apa');
    expect(kept.closest('[aria-busy="true"]')).not.toBeNull();
    act(() => releaseMla());
    const next = await screen.findByText('Citation in mla');
    expect(next.closest('[aria-busy="true"]')).toBeNull();
  });
});

describe('a query the API refuses', () => {
  const refused = (field: string, message: string) =>
    json(400, {
      error: {
        code: 'bad_request',
        message: `Invalid query parameter "${field}": ${message}`,
        details: { target: 'query', issues: [{ field, message }] },
      },
    });

  it('is explained in French, with no English reason inside the sentence', async () => {
    stubApi(() => refused('q', 'a query needs at least one word to find, not only words to exclude'));
    renderIn('fr', '/search?q=-drones', <SearchPage />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(
      'Le serveur indique : une recherche doit contenir au moins un mot à trouver, pas seulement des mots à exclure (-mot).',
    );
    expect(alert.textContent).not.toMatch(/query|words|exclude/);
  });

  it('translates the common reasons for q and the dates, and falls back to the API’s words', async () => {
    const cases: [string, string, string][] = [
      ['q', 'the query is longer than 1000 characters', 'la recherche dépasse 1\u202f000 caractères'],
      ['q', 'the query has more than 12 words', 'la recherche compte plus de 12 mots'],
      ['q', 'the query contains no word to search for', 'la recherche ne contient aucun mot à chercher'],
      [
        'to',
        'to (2020-12-31) is before from (2021-01-01): nothing could match',
        'la date de fin précède la date de début',
      ],
      ['from', 'from must be a date as YYYY, YYYY-MM or YYYY-MM-DD', 'la date de début doit s’écrire AAAA'],
      ['sort', 'sort must be relevance, newest or oldest', 'sort must be relevance, newest or oldest'],
    ];
    for (const [field, message, expected] of cases) {
      stubApi(() => refused(field, message));
      renderIn('fr', `/search?q=drones&x=${encodeURIComponent(message)}`, <SearchPage />);
      const alert = await screen.findByRole('alert');
      expect(alert.textContent, message).toContain(expected);
      cleanup();
    }
  });
});
