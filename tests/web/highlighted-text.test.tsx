// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { HighlightedText } from '../../web/src/shared/text/index.ts';

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
