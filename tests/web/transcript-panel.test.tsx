// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Cue } from '../../server/model/types.ts';
import { I18nProvider } from '../../web/src/shared/i18n/index.ts';
import { TranscriptPanel, useTranscriptMatches } from '../../web/src/features/transcript/index.ts';
import {
  installTranscriptLayout,
  ROW_HEIGHT,
  settleScroll,
  VIEWPORT_HEIGHT,
  type ScrollLog,
} from './transcript-test-env.ts';

// Forty 4-second cues: cue i is spoken from 4i to 4i + 3.5 (a short pause between cues).
const SENTENCES = [
  'La reconnaissance faciale à l’entrée du lycée pose une question de proportionnalité.',
  'Les élèves n’ont pas vraiment le choix de refuser le portique.',
  'La CNIL a rappelé que le consentement doit être libre.',
  'Nous avons déposé un recours devant le tribunal administratif.',
];
const CUES: Cue[] = Array.from({ length: 40 }, (_, i) => ({
  start: i * 4,
  end: i * 4 + 3.5,
  speaker: i % 2 === 0 ? 'Claire' : 'Mathieu',
  text: `${SENTENCES[i % SENTENCES.length]} (${i})`,
}));

/**
 * The search API, stubbed: the moments it gives for a query inside the episode. Each is
 * the start of a cue saying `word`, with the word highlighted in a snippet of that cue.
 */
function momentsSaying(cues: readonly Cue[], word: string, q: string) {
  return cues.flatMap((cue) => {
    const at = cue.text.indexOf(word);
    if (at < 0) return [];
    return [{ start: cue.start, snippet: cue.text, highlights: [{ start: at, end: at + word.length }], q }];
  });
}

/** Where `word` is in `text` (from `from` on), as a highlight range. */
function range(text: string, word: string, from = 0) {
  const start = text.indexOf(word, from);
  return { start, end: start + word.length };
}

let answers: Record<
  string,
  { start: number; snippet: string; highlights: { start: number; end: number }[] }[]
>;
let asked: URL[];

function stubSearchApi() {
  asked = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((input: RequestInfo | URL) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      asked.push(url);
      const q = url.searchParams.get('q') ?? '';
      const moments = (answers[q] ?? []).map((m) => ({
        ...m,
        episode: {
          id: 'show--ep',
          title: 'Ep',
          showId: 'show',
          showTitle: 'Show',
          date: null,
          source: 'x',
          media: null,
        },
        end: m.start + 1,
        speaker: null,
        before: '',
        after: '',
        matchedWords: 1,
        score: 1,
      }));
      const body = {
        query: q,
        total: moments.length > 0 ? 1 : 0,
        partial: false,
        tookMs: 1,
        hits: moments,
        groups:
          moments.length > 0
            ? [{ episode: moments[0]!.episode, count: moments.length, moments, score: 1 }]
            : [],
        facets: { show: {}, speaker: {}, language: {}, year: {} },
      };
      return Promise.resolve(
        new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } }),
      );
    }),
  );
}

interface HarnessProps {
  time: number;
  onSeek?: (t: number, i: number) => void;
  cues?: Cue[];
  initialQuery?: string;
}

function Harness(props: HarnessProps) {
  return (
    <I18nProvider initialLocale="en">
      <Panel {...props} />
    </I18nProvider>
  );
}

function Panel({ time, onSeek, cues = CUES, initialQuery = '' }: HarnessProps) {
  const [query, setQuery] = useState(initialQuery);
  const matches = useTranscriptMatches('show--ep', cues, query);
  return (
    <TranscriptPanel
      cues={cues}
      currentTime={time}
      onSeek={onSeek ?? (() => {})}
      query={query}
      onQueryChange={setQuery}
      matches={matches}
    />
  );
}

function currentCues() {
  return document.querySelectorAll('[aria-current="true"]');
}

/** Whether cue `index` is rendered and inside the scroller's visible window. */
function cueInView(index: number): boolean {
  const scroller = screen.getByTestId('transcript-scroll');
  settleScroll(scroller);
  const row = scroller.querySelector<HTMLElement>(`li[data-index="${index}"]`);
  if (!row) return false;
  const top = Number(/translateY\((-?[\d.]+)px\)/.exec(row.style.transform)?.[1]);
  return top >= scroller.scrollTop && top + ROW_HEIGHT <= scroller.scrollTop + VIEWPORT_HEIGHT;
}

let layout: { log: ScrollLog; restore(): void };
beforeEach(() => {
  layout = installTranscriptLayout();
  answers = {};
  stubSearchApi();
});
afterEach(() => {
  cleanup();
  layout.restore();
  vi.unstubAllGlobals();
});

describe('the cue being spoken', () => {
  it('is the only cue marked aria-current, and moves with the time', () => {
    const { rerender } = render(<Harness time={0} />);
    expect(currentCues()).toHaveLength(1);
    expect(currentCues()[0]?.textContent).toContain('(0)');

    rerender(<Harness time={9.2} />);
    expect(currentCues()).toHaveLength(1);
    expect(currentCues()[0]?.textContent).toContain('(2)');
  });

  it('stays on the previous cue during the pause before the next one', () => {
    render(<Harness time={7.8} />);
    expect(currentCues()[0]?.textContent).toContain('(1)');
  });

  it('is none before the first cue starts', () => {
    const late = CUES.map((cue) => ({ ...cue, start: cue.start + 5, end: cue.end + 5 }));
    render(<Harness time={1} cues={late} />);
    expect(currentCues()).toHaveLength(0);
  });
});

describe('following playback', () => {
  it('scrolls the current cue into view as playback moves on', () => {
    const { rerender } = render(<Harness time={0} />);
    rerender(<Harness time={30 * 4 + 1} />);
    expect(cueInView(30)).toBe(true);
    // The row for cue 30 is rendered (virtualised list) and is the current one.
    expect(currentCues()[0]?.textContent).toContain('(30)');
  });

  it('pauses when the reader scrolls, offers "Back to now", and resumes from there', () => {
    const { rerender } = render(<Harness time={4 * 5} />);
    const scroller = screen.getByTestId('transcript-scroll');
    expect(screen.queryByRole('button', { name: 'Back to now' })).toBeNull();

    fireEvent.wheel(scroller, { deltaY: 300 });
    const before = layout.log.tops.length;
    rerender(<Harness time={4 * 25} />);
    rerender(<Harness time={4 * 26} />);
    expect(layout.log.tops.length).toBe(before); // no scrolling while the reader reads elsewhere
    expect(cueInView(26)).toBe(false);

    const backToNow = screen.getByRole('button', { name: 'Back to now' });
    fireEvent.click(backToNow);
    expect(cueInView(26)).toBe(true);
    expect(screen.queryByRole('button', { name: 'Back to now' })).toBeNull();

    rerender(<Harness time={4 * 33} />);
    expect(cueInView(33)).toBe(true);
  });

  it('pauses on a press of the scrollbar and on scroll keys, not on our own scrolling', () => {
    const { rerender } = render(<Harness time={0} />);
    rerender(<Harness time={4 * 12} />); // programmatic scroll: must not pause
    expect(screen.queryByRole('button', { name: 'Back to now' })).toBeNull();

    const scroller = screen.getByTestId('transcript-scroll');
    fireEvent.pointerDown(scroller);
    expect(screen.getByRole('button', { name: 'Back to now' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Back to now' }));
    fireEvent.keyDown(scroller, { key: 'PageDown' });
    expect(screen.getByRole('button', { name: 'Back to now' })).toBeTruthy();
  });
});

describe('seeking from the transcript', () => {
  it('plays from a cue when it is clicked, and resumes following', () => {
    const onSeek = vi.fn();
    render(<Harness time={0} onSeek={onSeek} />);
    fireEvent.wheel(screen.getByTestId('transcript-scroll'));
    const cue = screen.getByRole('button', { name: /\(3\)/ });
    fireEvent.click(cue);
    expect(onSeek).toHaveBeenCalledWith(12, 3);
    expect(screen.queryByRole('button', { name: 'Back to now' })).toBeNull();
  });

  it('every cue is a button named by its time and speaker, then its words', () => {
    render(<Harness time={0} />);
    const cue = screen.getByRole('button', {
      name: /^0:08, Claire: La CNIL a rappelé que le consentement doit être libre\. \(2\) \(play from here\)$/,
    });
    expect(cue.tagName).toBe('BUTTON');
  });
});

describe('find in transcript', () => {
  it('marks the moments the search API finds, counts them, and jumps to the next one', async () => {
    const cnil = CUES[2]!.text;
    answers = {
      // One moment: both words in cue 2 (the 8 s line).
      'CNIL consentement': [
        { start: 8, snippet: cnil, highlights: [range(cnil, 'CNIL'), range(cnil, 'consentement')] },
      ],
      eleves: momentsSaying(CUES, 'élèves', 'eleves'),
    };
    const onSeek = vi.fn();
    render(<Harness time={0} onSeek={onSeek} initialQuery="CNIL consentement" />);
    await waitFor(() => expect(screen.getByText('1 match')).toBeTruthy());
    const marks = [...document.querySelectorAll('mark')].map((m) => m.textContent);
    expect(marks).toEqual(['CNIL', 'consentement']);
    expect(asked[0]?.searchParams.get('episode')).toBe('show--ep');
    expect(asked[0]?.searchParams.get('group')).toBe('episode');

    fireEvent.change(screen.getByRole('searchbox', { name: 'Find in transcript' }), {
      target: { value: 'eleves' },
    });
    await waitFor(() => expect(screen.getByText('10 matches')).toBeTruthy());
    expect([...document.querySelectorAll('mark')].map((m) => m.textContent)).toContain('élèves');
    fireEvent.click(screen.getByRole('button', { name: 'Next match' }));
    expect(onSeek).toHaveBeenLastCalledWith(4, 1);
    expect(screen.getByText('1 of 10')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Previous match' }));
    expect(onSeek).toHaveBeenLastCalledWith(4 * 37, 37);
  });

  it('asks once typing pauses, not on every keystroke', async () => {
    answers = { eleves: momentsSaying(CUES, 'élèves', 'eleves') };
    render(<Harness time={0} />);
    const box = screen.getByRole('searchbox', { name: 'Find in transcript' });
    for (const typed of ['e', 'el', 'ele', 'elev', 'eleve', 'eleves'])
      fireEvent.change(box, { target: { value: typed } });
    await waitFor(() => expect(screen.getByText('10 matches')).toBeTruthy());
    expect(asked.map((url) => url.searchParams.get('q'))).toEqual(['eleves']);
  });

  it('asks once an average typist (200 ms a character) pauses, not on every keystroke', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      answers = { eleves: momentsSaying(CUES, 'élèves', 'eleves') };
      render(<Harness time={0} />);
      const box = screen.getByRole('searchbox', { name: 'Find in transcript' });
      for (const typed of ['e', 'el', 'ele', 'elev', 'eleve', 'eleves']) {
        fireEvent.change(box, { target: { value: typed } });
        await act(() => vi.advanceTimersByTimeAsync(200));
      }
      await act(() => vi.advanceTimersByTimeAsync(1000));
      expect(asked.map((url) => url.searchParams.get('q'))).toEqual(['eleves']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a typo finds what the server finds, a phrase counts where its words are said together', async () => {
    const typoCues: Cue[] = [
      { start: 0, end: 4, speaker: 'Inès', text: 'Que voulez-vous ? Je ne sais pas ce que vous savez.' },
      { start: 4, end: 8, speaker: 'Inès', text: 'Qu’est-ce que vous demandez, concrètement ?' },
      { start: 8, end: 12, speaker: 'Malik', text: 'La reconnaissance faciale, et ce que la loi' },
      { start: 12, end: 16, speaker: 'Malik', text: 'en dit.' },
    ];
    const phrase = 'Qu’est-ce que vous demandez';
    const phraseSnippet = 'savez. Qu’est-ce que vous demandez, concrètement';
    answers = {
      reconaissance: [
        {
          start: 8,
          snippet: 'concrètement ? La reconnaissance faciale',
          highlights: [{ start: 18, end: 32 }],
        },
      ],
      [phrase]: [
        {
          start: 4,
          snippet: phraseSnippet,
          highlights: ['Qu’', 'est', 'ce', 'que', 'vous', 'demandez'].map((word) =>
            range(phraseSnippet, word, 7),
          ),
        },
      ],
    };
    render(<Harness time={0} cues={typoCues} initialQuery="reconaissance" />);
    await waitFor(() => expect(screen.getByText('1 match')).toBeTruthy());
    expect([...document.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['reconnaissance']);

    fireEvent.change(screen.getByRole('searchbox', { name: 'Find in transcript' }), {
      target: { value: phrase },
    });
    await waitFor(() => expect(screen.getByText('1 match')).toBeTruthy());
    const marked = screen.getByRole('button', { name: /0:04/ });
    expect([...marked.querySelectorAll('mark')].map((m) => m.textContent)).toEqual([
      'Qu’',
      'est',
      'ce',
      'que',
      'vous',
      'demandez',
    ]);
    // No other line is marked: "que" alone is not the phrase.
    expect(document.querySelectorAll('mark').length).toBe(marked.querySelectorAll('mark').length);
  });

  it('says in the reader’s words why a query cannot be searched', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() =>
        Promise.resolve(
          new Response(
            JSON.stringify({
              error: {
                code: 'bad_request',
                message:
                  'Invalid query parameter "q": a query needs at least one word to find, not only words to exclude',
                details: {
                  target: 'query',
                  issues: [
                    {
                      field: 'q',
                      message: 'a query needs at least one word to find, not only words to exclude',
                    },
                  ],
                },
              },
            }),
            { status: 400, headers: { 'Content-Type': 'application/json' } },
          ),
        ),
      ),
    );
    render(<Harness time={0} initialQuery="-drones" />);
    await waitFor(() => expect(screen.getByText(/^A query needs at least one word to find/)).toBeTruthy());
  });
});

describe('find in transcript, from a search hit', () => {
  it('counts the match being played as the current one, and Next goes on from it', async () => {
    answers = { eleves: momentsSaying(CUES, 'élèves', 'eleves') };
    const onSeek = vi.fn();
    // Cue 5 (20–23.5 s) contains "élèves": the episode opened there from a search.
    render(<Harness time={21} onSeek={onSeek} initialQuery="eleves" />);
    await waitFor(() => expect(screen.getByText('2 of 10')).toBeTruthy());
    fireEvent.click(screen.getByRole('button', { name: 'Next match' }));
    expect(onSeek).toHaveBeenLastCalledWith(4 * 9, 9);
    expect(screen.getByText('3 of 10')).toBeTruthy();
  });
});

describe('transcript text is data', () => {
  it('shows <script> and & as text, and highlights inside it', async () => {
    const cues: Cue[] = [
      { start: 0, end: 3, speaker: 'Inès', text: 'Le code <script>alert("x")</script> & les droits' },
      { start: 3, end: 6, speaker: null, text: 'Fin & suite' },
    ];
    answers = {
      'script droits': [
        {
          start: 0,
          snippet: 'Le code <script>alert("x")</script> & les droits',
          highlights: [
            range(cues[0]!.text, 'script'),
            range(cues[0]!.text, 'script', 12),
            range(cues[0]!.text, 'droits'),
          ],
        },
      ],
    };
    render(<Harness time={0} cues={cues} initialQuery="script droits" />);
    await waitFor(() => expect(document.querySelectorAll('mark')).toHaveLength(3));
    expect(document.querySelector('.transcript script')).toBeNull();
    const first = screen.getByRole('button', { name: /Inès/ });
    expect(within(first).getByText(/alert\("x"\)/).textContent).toContain('&');
    expect(first.textContent).toContain('Le code <script>alert("x")</script> & les droits');
    const marks = [...first.querySelectorAll('mark')].map((m) => m.textContent);
    expect(marks).toEqual(['script', 'script', 'droits']);
  });
});
