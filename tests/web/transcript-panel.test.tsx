// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
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

function Harness({
  time,
  onSeek,
  cues = CUES,
  initialQuery = '',
}: {
  time: number;
  onSeek?: (t: number, i: number) => void;
  cues?: Cue[];
  initialQuery?: string;
}) {
  const [query, setQuery] = useState(initialQuery);
  const matches = useTranscriptMatches(cues, query);
  return (
    <I18nProvider initialLocale="en">
      <TranscriptPanel
        cues={cues}
        currentTime={time}
        onSeek={onSeek ?? (() => {})}
        query={query}
        onQueryChange={setQuery}
        matches={matches}
      />
    </I18nProvider>
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
});
afterEach(() => {
  cleanup();
  layout.restore();
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

  it('every cue is a button named by its time, speaker and text', () => {
    render(<Harness time={0} />);
    const cue = screen.getByRole('button', { name: /0:08\s*Claire\s*La CNIL a rappelé/ });
    expect(cue.tagName).toBe('BUTTON');
  });
});

describe('find in transcript', () => {
  it('marks matches ignoring case and accents, counts them, and jumps to the next one', () => {
    const onSeek = vi.fn();
    render(<Harness time={0} onSeek={onSeek} initialQuery="CNIL consentement" />);
    const marks = [...document.querySelectorAll('mark')].map((m) => m.textContent);
    expect(marks).toContain('CNIL');
    expect(marks).toContain('consentement');

    fireEvent.change(screen.getByRole('searchbox', { name: 'Find in transcript' }), {
      target: { value: 'eleves' },
    });
    expect([...document.querySelectorAll('mark')].map((m) => m.textContent)).toContain('élèves');
    // Cues 1, 5, 9, … contain "élèves": 10 of the 40.
    expect(screen.getByText('– of 10')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Next match' }));
    expect(onSeek).toHaveBeenLastCalledWith(4, 1);
    expect(screen.getByText('1 of 10')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Previous match' }));
    expect(onSeek).toHaveBeenLastCalledWith(4 * 37, 37);
  });
});

describe('find in transcript, from a search hit', () => {
  it('counts the match being played as the current one, and Next goes on from it', () => {
    const onSeek = vi.fn();
    // Cue 5 (20–23.5 s) contains "élèves": the episode opened there from a search.
    render(<Harness time={21} onSeek={onSeek} initialQuery="eleves" />);
    expect(screen.getByText('2 of 10')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Next match' }));
    expect(onSeek).toHaveBeenLastCalledWith(4 * 9, 9);
    expect(screen.getByText('3 of 10')).toBeTruthy();
  });
});

describe('transcript text is data', () => {
  it('shows <script> and & as text, and highlights inside it', () => {
    const cues: Cue[] = [
      { start: 0, end: 3, speaker: 'Inès', text: 'Le code <script>alert("x")</script> & les droits' },
      { start: 3, end: 6, speaker: null, text: 'Fin & suite' },
    ];
    render(<Harness time={0} cues={cues} initialQuery="script droits" />);
    expect(document.querySelector('.transcript script')).toBeNull();
    const first = screen.getByRole('button', { name: /Inès/ });
    expect(within(first).getByText(/alert\("x"\)/).textContent).toContain('&');
    expect(first.textContent).toContain('Le code <script>alert("x")</script> & les droits');
    const marks = [...first.querySelectorAll('mark')].map((m) => m.textContent);
    expect(marks).toEqual(['script', 'script', 'droits']);
  });
});
