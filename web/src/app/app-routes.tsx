import { lazy, Suspense, useState, type ReactNode } from 'react';
import { startEpisodePageRequests } from '../shared/api/index.ts';
import { useI18n } from '../shared/i18n/index.ts';
import { matchPath, useLocation } from '../shared/router/index.ts';
import { PageMessage, SearchPage } from '../features/search/index.ts';
import type { EpisodeClipContext } from '../features/episode/index.ts';

// The episode page carries the player library: loaded only when an episode is opened,
// so the search page's first load stays small.
const loadEpisodeFeature = () => import('../features/episode/index.ts');
// Clips (issue 6) are lazy too: the clip maker, and the clip, embed and pack pages.
const loadClipsFeature = () => import('../features/clips/index.ts');
const ClipMaker = lazy(() => loadClipsFeature().then((module) => ({ default: module.ClipMaker })));
const ClipPage = lazy(() => loadClipsFeature().then((module) => ({ default: module.ClipPage })));
const EmbedClipPage = lazy(() => loadClipsFeature().then((module) => ({ default: module.EmbedClipPage })));
const PackPage = lazy(() => loadClipsFeature().then((module) => ({ default: module.PackPage })));
const PackBuilderPage = lazy(() =>
  loadClipsFeature().then((module) => ({ default: module.PackBuilderPage })),
);

/** The episode page's clip-making slot: the clips feature's ClipMaker with the page's context. */
function renderClipTools(context: EpisodeClipContext) {
  return (
    <Suspense fallback={null}>
      <ClipMaker
        episode={context.episode}
        cues={context.cues}
        selection={context.selection}
        lineAtHand={context.lineAtHand}
        player={context.player}
      />
    </Suspense>
  );
}
const EpisodePage = lazy(() => loadEpisodeFeature().then((module) => ({ default: module.EpisodePage })));

/**
 * Pointing at or focusing a search hit starts loading the episode page and its player,
 * so the click that follows lands on the quote sooner.
 */
export function preloadEpisodeOnIntent(target: EventTarget | null): void {
  if (!(target instanceof Element) || !target.closest('[data-result]')) return;
  loadEpisodeFeature().then(
    (module) => module.preloadEpisodeMedia(),
    () => {}, // a failed preload is retried by the real navigation, which reports errors
  );
}

/**
 * The episode page, whose episode and `?q=` matches are asked for while its code loads,
 * side by side (before: one after the other, once the code had arrived).
 */
function EpisodeRoute({ id, search, loading }: { id: string; search: string; loading: ReactNode }) {
  // Once per episode opened, not again on each re-render of the open page.
  const [requestedFor, setRequestedFor] = useState<string | null>(null);
  if (requestedFor !== id) {
    setRequestedFor(id);
    // The code first: the server sends it while it searches. A failed load is reported
    // by the page's own (lazy) load.
    loadEpisodeFeature().catch(() => {});
    startEpisodePageRequests(id, search);
  }
  return (
    <Suspense fallback={loading}>
      <EpisodePage id={id} renderClipTools={renderClipTools} />
    </Suspense>
  );
}

export function AppRoutes() {
  const { t } = useI18n();
  const { pathname, search } = useLocation();
  if (pathname === '/' || pathname === '/search') return <SearchPage />;
  const loading = (
    <p className="page-status" role="status">
      {t('app.loading')}
    </p>
  );
  const episode = matchPath('/episodes/:id', pathname);
  if (episode?.id) return <EpisodeRoute id={episode.id} search={search} loading={loading} />;
  const clip = matchPath('/clips/:id', pathname);
  if (clip?.id)
    return (
      <Suspense fallback={loading}>
        <ClipPage id={clip.id} />
      </Suspense>
    );
  const embed = matchPath('/embed/clips/:id', pathname);
  if (embed?.id)
    return (
      <Suspense fallback={loading}>
        <EmbedClipPage id={embed.id} />
      </Suspense>
    );
  if (pathname === '/packs/new')
    return (
      <Suspense fallback={loading}>
        <PackBuilderPage />
      </Suspense>
    );
  const pack = matchPath('/packs/:id', pathname);
  if (pack?.id)
    return (
      <Suspense fallback={loading}>
        <PackPage id={pack.id} />
      </Suspense>
    );
  return <PageMessage title={t('app.notFound.title')}>{t('app.notFound.body')}</PageMessage>;
}
