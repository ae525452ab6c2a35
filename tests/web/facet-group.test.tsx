// @vitest-environment jsdom
// A facet with many values (the speakers of a large archive) lists the most frequent ones
// and folds the rest under one button, so the filters below it stay within reach.
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { I18nProvider, type Locale } from '../../web/src/shared/i18n/index.ts';
import { FACET_VALUES_SHOWN, FacetGroup } from '../../web/src/features/search/components/facet-filters.tsx';

// 24 speakers: "Intervenante 1" is counted most often, "Intervenante 24" least.
const COUNTS = Object.fromEntries(
  Array.from({ length: 24 }, (_, i) => [`Intervenante ${i + 1}`, 2400 - i * 100]),
);

function renderFacet(selected: string[] = [], locale: Locale = 'en', estimated = false) {
  render(
    <I18nProvider initialLocale={locale}>
      <FacetGroup
        legend="Speaker"
        counts={COUNTS}
        selected={selected}
        estimated={estimated}
        label={(name) => name}
        onToggle={() => undefined}
      />
    </I18nProvider>,
  );
  return screen.getByRole('group', { name: 'Speaker' });
}

afterEach(cleanup);

describe('facet values', () => {
  it('lists the most frequent values and folds the rest under "Show all"', () => {
    const group = renderFacet();
    const names = () =>
      within(group)
        .getAllByRole('checkbox')
        .map((box) => box.parentElement?.textContent);
    expect(names()).toHaveLength(FACET_VALUES_SHOWN);
    expect(names()[0]).toBe('Intervenante 12,400');
    const more = within(group).getByRole('button', { name: 'Show all 24' });
    expect(more.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(more);
    expect(names()).toHaveLength(24);
    fireEvent.click(within(group).getByRole('button', { name: 'Show fewer' }));
    expect(names()).toHaveLength(FACET_VALUES_SHOWN);
  });

  it('keeps a selected value listed while the rest is folded', () => {
    const group = renderFacet(['Intervenante 20']);
    const boxes = within(group).getAllByRole('checkbox');
    expect(boxes).toHaveLength(FACET_VALUES_SHOWN + 1);
    expect(within(group).getByRole('checkbox', { name: /Intervenante 20\b/ })).toHaveProperty(
      'checked',
      true,
    );
  });

  it('speaks the reader’s language', () => {
    const group = renderFacet([], 'fr');
    expect(within(group).getByRole('button', { name: 'Afficher les 24' })).toBeTruthy();
    expect(within(group).getAllByRole('checkbox')[0]?.parentElement?.textContent).toBe(
      'Intervenante 12\u202f400',
    );
  });

  it('marks counts estimated from a sample (a very common word) as approximate, and says why', () => {
    const group = renderFacet([], 'en', true);
    const first = within(group).getAllByRole('checkbox')[0]?.parentElement;
    expect(first?.textContent).toBe('Intervenante 1≈ 2,400');
    expect(first?.querySelector('.facet-count')?.getAttribute('title')).toBe(
      'Estimated from a sample of the matches',
    );
    cleanup();
    const exact = renderFacet([], 'fr', false);
    expect(within(exact).getAllByRole('checkbox')[0]?.parentElement?.textContent).toBe(
      'Intervenante 12\u202f400',
    );
  });
});
