// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { HighlightedText, findQueryRanges, queryTerms } from '../../web/src/shared/text/index.ts';

afterEach(cleanup);

describe('HighlightedText', () => {
  it('renders <script> and & from the text as text, never as markup', () => {
    const text = 'Avant <script>alert("pris")</script> & <b>après</b> &amp; fin';
    const { container } = render(
      <p>
        <HighlightedText text={text} ranges={[{ start: 7, end: 13 }]} />
      </p>,
    );
    expect(container.querySelector('script, b')).toBeNull();
    expect(container.textContent).toBe(text);
    expect([...container.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['script']);
    // The HTML carries the characters escaped: the browser shows them, it does not run them.
    expect(container.innerHTML).toContain('&lt;/script&gt;');
    expect(container.innerHTML).toContain('&amp;amp;');
  });

  it('marks each server highlight range and keeps the text between them', () => {
    const text = 'la reconnaissance faciale dans les lycées';
    const { container } = render(
      <HighlightedText
        text={text}
        ranges={[
          { start: 3, end: 17 },
          { start: 18, end: 25 },
        ]}
      />,
    );
    expect([...container.querySelectorAll('mark')].map((m) => m.textContent)).toEqual([
      'reconnaissance',
      'faciale',
    ]);
    expect(container.textContent).toBe(text);
  });

  it('ignores ranges outside the text or overlapping an earlier one', () => {
    const { container } = render(
      <HighlightedText
        text="court"
        ranges={[
          { start: 0, end: 3 },
          { start: 2, end: 4 },
          { start: 40, end: 50 },
        ]}
      />,
    );
    expect(container.textContent).toBe('court');
    expect([...container.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['cou', 'r']);
  });
});

describe('finding a query in transcript text', () => {
  it('folds accents, case and typographic apostrophes, matching word prefixes', () => {
    const text = "L’Élève a dit : l'eleve n’est pas d’accord avec la CNIL.";
    const ranges = findQueryRanges(text, queryTerms("l'élève cnil"));
    expect(ranges.map((r) => text.slice(r.start, r.end))).toEqual(['L’Élève', "l'eleve", 'CNIL']);
  });

  it('does not match inside a word, and drops excluded words and quotes', () => {
    expect(queryTerms('"caméras" -drones')).toEqual([{ text: 'cameras', prefix: false }]);
    const text = 'Les caméras filment; la surcaméra non.';
    const ranges = findQueryRanges(text, queryTerms('camera'));
    expect(ranges.map((r) => text.slice(r.start, r.end))).toEqual(['caméra']);
  });

  it('matches only the last, unfinished word as a word start', () => {
    const text = 'So what do we mean, me and the software?';
    const ranges = findQueryRanges(text, queryTerms('so me sof'));
    expect(ranges.map((r) => text.slice(r.start, r.end))).toEqual(['So', 'me', 'sof']);
  });
});
