// Holds back some of a page's requests until the test lets them go: a slow network, where
// a part of the page (the player's code, the media) arrives after the rest.
import type { Page, Route } from 'playwright-core';

/** Holds back the requests `matches` picks until `release()`. */
export async function holdRequests(page: Page, matches: (url: URL) => boolean): Promise<() => void> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(matches, async (route: Route) => {
    await released;
    await route.continue();
  });
  return release;
}
