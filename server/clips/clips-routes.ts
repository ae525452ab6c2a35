// Clip, pack, oEmbed and share-page routes (issue 6). Thin: validate, call a function,
// shape the response. Errors are thrown and mapped by the app's one error handler.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createRoute, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { rateLimiter } from 'hono-rate-limiter';
import type { AppDeps } from '../app/app-deps.ts';
import { NotFoundError } from '../errors.ts';
import { errorResponse } from '../http/api-schemas.ts';
import type { AppEnv } from '../http/app-env.ts';
import { createRouter } from '../http/create-router.ts';
import { mediaUrlFor } from '../http/media/media-url.ts';
import { clientAddress, refuseUntilWindowEnds } from '../http/middleware/security.ts';
import { clipCaptions, quoteEstimatedNotice } from './clip-captions.ts';
import { assertEpisodeInArchive, loadClipContext, publicBaseUrl, type ClipContext } from './clip-context.ts';
import { clipMarkdown } from './clip-markdown.ts';
import { injectHead, loadIndexHtml, type PageHead } from './clip-page-head.ts';
import {
  CitationQuerySchema,
  CitationSchema,
  ClipCreatedSchema,
  ClipCreateSchema,
  ClipEditSchema,
  ClipViewSchema,
  ExportParams,
  ExportQuery,
  OembedQuerySchema,
  OembedSchema,
  PackCreatedSchema,
  PackCreateSchema,
  PackViewSchema,
  ShortIdParams,
} from './clips-schemas.ts';
import { createClip, deleteClip, getStoredClip, updateClip } from './create-clip.ts';
import { createPack, deletePack, getStoredPack, resolvePackItems } from './create-pack.ts';
import {
  CUT_MIME_TYPES,
  CutCancelledError,
  cutMedia,
  episodeMediaInput,
  planCut,
  withWorkDir,
  type RemoteFetchLimits,
} from './cut-media.ts';
import {
  assertPackExportSize,
  deletedClipTitle,
  slugify,
  streamPackZip,
  type CutSlot,
  type PackZipItem,
} from './build-pack-zip.ts';
import { formatCitation } from './format-citation.ts';
import { buildOembed, clipIdFromUrl, embedIframeHtml, embedSize, NotImplementedError } from './oembed.ts';
import { quoteCardSize, renderQuoteCard } from './render-quote-card.ts';
import type { Pack } from '../model/types.ts';

export interface ClipsRoutesOptions {
  /** The built web app's index.html, used as the template of share pages. */
  indexHtmlPath?: string;
  /** Clips and packs one client may create per minute. */
  createLimitPerMinute?: number;
  remoteMedia?: RemoteFetchLimits;
  /** ffmpeg processes allowed at once; further export requests wait. */
  maxConcurrentCuts?: number;
}

/** `attachment; filename=...` with an ASCII fallback and the exact name per RFC 6266. */
function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^A-Za-z0-9._-]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

function bearerToken(c: Context): string | undefined {
  return /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(c.req.header('Authorization') ?? '')?.[1];
}

/**
 * A tiny FIFO semaphore: media cuts are CPU-heavy, so only a few run at once. A pack takes
 * one slot per clip, so a single export waits for one clip, not for the whole pack.
 */
function createCutQueue(limit: number): CutSlot {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async function withSlot<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (running >= limit) {
      await new Promise<void>((resolve, reject) => {
        const onAbort = () => {
          waiting.splice(waiting.indexOf(ready), 1);
          reject(new CutCancelledError());
        };
        const ready = () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        if (signal?.aborted) return reject(new CutCancelledError());
        waiting.push(ready);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    }
    running++;
    try {
      return await fn();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

export function toClipView(ctx: ClipContext) {
  const { clip, episode } = ctx;
  return {
    clip,
    episode: {
      id: episode.id,
      showId: episode.showId,
      title: episode.title,
      date: episode.date,
      language: episode.language,
      mediaUrl: mediaUrlFor(episode.media),
      mediaType: episode.mediaType,
      url: episode.url,
      license: episode.license,
      duration: episode.duration,
      revision: episode.revision,
    },
    show: ctx.show,
    cues: ctx.cues,
    speaker: ctx.speaker,
    range: ctx.range,
    links: ctx.links,
    transcriptChanged: ctx.transcriptChanged,
    episodeGone: ctx.episodeGone,
    ...(ctx.quoteEstimated ? { quoteEstimated: true as const } : {}),
    embedHtml: embedIframeHtml(ctx, embedSize(ctx, {})),
  };
}

const idParam = { params: ShortIdParams };
const jsonBody = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});

const routes = {
  createClip: createRoute({
    method: 'post',
    path: '/api/clips',
    tags: ['clips'],
    summary: 'Cut a clip: ends snap to word (else cue) timings; returns its edit token',
    request: jsonBody(ClipCreateSchema),
    responses: {
      201: { description: 'The clip', content: { 'application/json': { schema: ClipCreatedSchema } } },
      400: errorResponse('Invalid range, unknown episode, or too long'),
      429: errorResponse('Too many clips from this client'),
    },
  }),
  getClip: createRoute({
    method: 'get',
    path: '/api/clips/{id}',
    tags: ['clips'],
    summary: 'A clip with its episode, show, transcript range and links',
    request: idParam,
    responses: {
      200: { description: 'The clip', content: { 'application/json': { schema: ClipViewSchema } } },
      404: errorResponse('No clip with this id'),
    },
  }),
  editClip: createRoute({
    method: 'patch',
    path: '/api/clips/{id}',
    tags: ['clips'],
    summary: "Edit a clip's title or note (edit token or admin token as Bearer)",
    request: { ...idParam, ...jsonBody(ClipEditSchema) },
    responses: {
      200: { description: 'The clip', content: { 'application/json': { schema: ClipViewSchema } } },
      400: errorResponse('Invalid title or note, or an attempt to change the range'),
      403: errorResponse('Missing or wrong token'),
      404: errorResponse('No clip with this id'),
    },
  }),
  deleteClip: createRoute({
    method: 'delete',
    path: '/api/clips/{id}',
    tags: ['clips'],
    summary: 'Delete a clip (edit token or admin token as Bearer)',
    request: idParam,
    responses: {
      204: { description: 'Deleted' },
      403: errorResponse('Missing or wrong token'),
      404: errorResponse('No clip with this id'),
    },
  }),
  citation: createRoute({
    method: 'get',
    path: '/api/clips/{id}/citation',
    tags: ['clips'],
    summary: 'Citation with the timecode range: APA 7, MLA 9, Chicago 17, BibTeX or CSL-JSON',
    request: { ...idParam, query: CitationQuerySchema },
    responses: {
      200: { description: 'The citation', content: { 'application/json': { schema: CitationSchema } } },
      404: errorResponse('No clip with this id'),
    },
  }),
  exportClip: createRoute({
    method: 'get',
    path: '/api/clips/{id}/export/{format}',
    tags: ['clips'],
    summary: "The clip's media cut with ffmpeg, its captions re-timed to 0 (VTT/SRT), or Markdown",
    request: { params: ExportParams, query: ExportQuery },
    responses: {
      200: {
        description: 'The export, as a download',
        content: {
          // The cut keeps the episode's codec family: Opus, MP3, AAC, PCM, FLAC; video as MP4.
          ...Object.fromEntries(
            CUT_MIME_TYPES.map((type) => [type, { schema: z.string().openapi({ format: 'binary' }) }]),
          ),
          'text/vtt': { schema: z.string() },
          'application/x-subrip': { schema: z.string() },
          'text/markdown': { schema: z.string() },
        },
      },
      404: errorResponse('No clip with this id, or its episode has no media'),
      410: errorResponse(
        "The clip's episode is no longer in the archive: no media to cut (audio), no transcript (vtt, srt)",
      ),
      413: errorResponse('Remote media larger than the limit'),
      502: errorResponse('Remote media could not be fetched'),
    },
  }),
  card: createRoute({
    method: 'get',
    path: '/api/clips/{id}/card.png',
    tags: ['clips'],
    summary: 'Quote card (1200×630 PNG) for link previews',
    request: idParam,
    responses: {
      200: {
        description: 'PNG image',
        content: { 'image/png': { schema: z.string().openapi({ format: 'binary' }) } },
      },
      404: errorResponse('No clip with this id'),
    },
  }),
  createPack: createRoute({
    method: 'post',
    path: '/api/packs',
    tags: ['packs'],
    summary: 'Make a lesson pack: an ordered list of clips with notes and an intro',
    request: jsonBody(PackCreateSchema),
    responses: {
      201: { description: 'The pack', content: { 'application/json': { schema: PackCreatedSchema } } },
      400: errorResponse('Invalid pack or unknown clip'),
      429: errorResponse('Too many packs from this client'),
    },
  }),
  getPack: createRoute({
    method: 'get',
    path: '/api/packs/{id}',
    tags: ['packs'],
    summary: 'A pack with every clip resolved',
    request: idParam,
    responses: {
      200: { description: 'The pack', content: { 'application/json': { schema: PackViewSchema } } },
      404: errorResponse('No pack with this id'),
    },
  }),
  deletePack: createRoute({
    method: 'delete',
    path: '/api/packs/{id}',
    tags: ['packs'],
    summary: 'Delete a pack (edit token or admin token as Bearer)',
    request: idParam,
    responses: {
      204: { description: 'Deleted' },
      403: errorResponse('Missing or wrong token'),
      404: errorResponse('No pack with this id'),
    },
  }),
  packZip: createRoute({
    method: 'get',
    path: '/api/packs/{id}/export.zip',
    tags: ['packs'],
    summary: "Zip: each clip's media and captions, handout.md and an offline index.html",
    request: { ...idParam, query: ExportQuery },
    responses: {
      200: {
        description: 'The zip',
        content: { 'application/zip': { schema: z.string().openapi({ format: 'binary' }) } },
      },
      404: errorResponse('No pack with this id'),
      413: errorResponse('The pack holds more media than a pack export allows'),
    },
  }),
  oembed: createRoute({
    method: 'get',
    path: '/oembed',
    tags: ['clips'],
    summary: 'oEmbed for clip pages (JSON only)',
    request: { query: OembedQuerySchema },
    responses: {
      200: { description: 'oEmbed response', content: { 'application/json': { schema: OembedSchema } } },
      404: errorResponse('Not a clip of this archive'),
      501: errorResponse('Only format=json is implemented'),
    },
  }),
};

const exportTypes = {
  vtt: 'text/vtt; charset=utf-8',
  srt: 'application/x-subrip; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
} as const;

/** Clip, pack, oEmbed and share-page routes (issue 6). */
export function createClipsRoutes(deps: AppDeps, options: ClipsRoutesOptions = {}) {
  const app = createRouter();
  const { store, config } = deps;
  const remoteLimits = options.remoteMedia ?? { maxBytes: config.maxUploadBytes, timeoutMs: 60_000 };
  const withCutSlot = createCutQueue(options.maxConcurrentCuts ?? 2);
  const base = (c: Context) => publicBaseUrl(config, c.req.url);

  const createWindowMs = 60_000;
  const createLimit = rateLimiter<AppEnv>({
    windowMs: createWindowMs,
    limit: options.createLimitPerMinute ?? 30,
    standardHeaders: 'draft-6',
    keyGenerator: (c) => `create:${clientAddress(c)}`,
    handler: refuseUntilWindowEnds(createWindowMs),
  });
  const limitCreation: MiddlewareHandler<AppEnv> = (c, next) =>
    c.req.method === 'POST' ? createLimit(c, next) : next();
  app.use('/api/clips', limitCreation);
  app.use('/api/packs', limitCreation);

  const contextFor = async (c: Context, id: string) =>
    loadClipContext(store, (await getStoredClip(store, id)).clip, base(c));

  const packView = async (c: Context, pack: Pack) => {
    const items = await resolvePackItems(store, pack);
    const views = await Promise.all(
      items.map(async (item, i) =>
        item.missing
          ? {
              missing: true as const,
              clipId: item.clipId,
              note: item.note,
              title: deletedClipTitle(i + 1),
              code: item.code,
              reason: item.reason,
            }
          : {
              ...toClipView(await loadClipContext(store, item.clip, base(c))),
              missing: false as const,
              note: item.note,
            },
      ),
    );
    const page = `${base(c)}/packs/${encodeURIComponent(pack.id)}`;
    return {
      pack,
      items: views,
      links: { page, zip: `${base(c)}/api/packs/${encodeURIComponent(pack.id)}/export.zip` },
    };
  };

  const api = app
    .openapi(routes.createClip, async (c) => {
      const input = c.req.valid('json');
      const { clip, editToken, snap } = await createClip(store, config, input);
      const ctx = await loadClipContext(store, clip, base(c));
      return c.json({ ...toClipView(ctx), editToken, snap }, 201);
    })
    .openapi(routes.getClip, async (c) =>
      c.json(toClipView(await contextFor(c, c.req.valid('param').id)), 200),
    )
    .openapi(routes.editClip, async (c) => {
      const clip = await updateClip(
        store,
        c.req.valid('param').id,
        c.req.valid('json'),
        bearerToken(c),
        config.adminToken,
      );
      return c.json(toClipView(await loadClipContext(store, clip, base(c))), 200);
    })
    .openapi(routes.deleteClip, async (c) => {
      await deleteClip(store, c.req.valid('param').id, bearerToken(c), config.adminToken);
      return c.body(null, 204);
    })
    .openapi(routes.citation, async (c) => {
      const ctx = await contextFor(c, c.req.valid('param').id);
      const { style, lang } = c.req.valid('query');
      return c.json(formatCitation(ctx.citationSource, style, lang), 200);
    })
    .openapi(routes.exportClip, async (c) => {
      const { id, format } = c.req.valid('param');
      const ctx = await contextFor(c, id);
      const baseName = `${slugify(ctx.clip.title ?? ctx.episode.title)}-${ctx.clip.id}`;
      if (format !== 'md') assertEpisodeInArchive(ctx, format === 'audio' ? 'media' : 'transcript');
      if (format === 'audio') {
        // The client's disconnect kills ffmpeg and frees the slot.
        const signal = c.req.raw.signal;
        const { body, mimeType, extension } = await withCutSlot(
          () =>
            withWorkDir(async (dir) => {
              const media = await episodeMediaInput(
                ctx.episode,
                config.transcriptsDir,
                dir,
                remoteLimits,
                signal,
              );
              const cut = await cutMedia({
                ...media,
                start: ctx.clip.start,
                end: ctx.clip.end,
                outFile: path.join(dir, 'clip'),
                signal,
              });
              return { body: await readFile(cut.file), mimeType: cut.mimeType, extension: cut.extension };
            }),
          signal,
        );
        return c.body(new Uint8Array(body), 200, {
          'Content-Type': mimeType,
          'Content-Disposition': attachment(baseName + extension),
          'Cache-Control': 'public, max-age=3600',
        });
      }
      const text =
        format === 'md'
          ? clipMarkdown(ctx, c.req.valid('query').lang)
          : clipCaptions(ctx.cues, ctx.clip.start, ctx.clip.end, format, {
              transcriptChanged: ctx.transcriptChanged,
              quoteEstimated: ctx.quoteEstimated,
            });
      return c.body(text, 200, {
        'Content-Type': exportTypes[format],
        'Content-Disposition': attachment(`${baseName}.${format}`),
        // SRT has no comment syntax: the header says it for every format.
        ...(ctx.transcriptChanged ? { 'X-Verbatim-Transcript-Changed': 'true' } : {}),
        ...(ctx.quoteEstimated ? { 'X-Verbatim-Quote-Estimated': 'true' } : {}),
      });
    })
    .openapi(routes.card, async (c) => {
      const ctx = await contextFor(c, c.req.valid('param').id);
      const png = renderQuoteCard({
        quote: ctx.clip.quote,
        speaker: ctx.speaker,
        showTitle: ctx.show?.title ?? ctx.episode.showId,
        episodeTitle: ctx.episode.title,
        range: ctx.range,
        language: ctx.episode.language,
        quoteEstimated: ctx.quoteEstimated,
      });
      return c.body(new Uint8Array(png), 200, {
        'Content-Type': 'image/png',
        'Cache-Control': 'public, max-age=86400',
      });
    })
    .openapi(routes.createPack, async (c) => {
      const { pack, editToken } = await createPack(store, c.req.valid('json'));
      return c.json({ ...(await packView(c, pack)), editToken }, 201);
    })
    .openapi(routes.getPack, async (c) => {
      const stored = await getStoredPack(store, c.req.valid('param').id);
      return c.json(await packView(c, stored.pack), 200);
    })
    .openapi(routes.deletePack, async (c) => {
      await deletePack(store, c.req.valid('param').id, bearerToken(c), config.adminToken);
      return c.body(null, 204);
    })
    .openapi(routes.packZip, async (c) => {
      const { pack } = await getStoredPack(store, c.req.valid('param').id);
      const items = await Promise.all(
        (await resolvePackItems(store, pack)).map(async (item): Promise<PackZipItem> =>
          item.missing
            ? item
            : {
                missing: false,
                context: await loadClipContext(store, item.clip, base(c)),
                note: item.note,
              },
        ),
      );
      assertPackExportSize(items, config.maxPackExportSeconds);
      const zip = streamPackZip({
        pack,
        items,
        language: c.req.valid('query').lang,
        packUrl: `${base(c)}/packs/${encodeURIComponent(pack.id)}`,
        transcriptsDir: config.transcriptsDir,
        remoteLimits,
        withCutSlot,
        // A client that goes away (or a server that stops) ends the work: ffmpeg killed, dir removed.
        signal: c.req.raw.signal,
      });
      return c.body(zip, 200, {
        'Content-Type': 'application/zip',
        'Content-Disposition': attachment(`${slugify(pack.title)}.zip`),
      });
    })
    .openapi(routes.oembed, async (c) => {
      const query = c.req.valid('query');
      if (query.format !== 'json')
        throw new NotImplementedError(`oEmbed format "${query.format}" is not implemented; use format=json`);
      const id = clipIdFromUrl(query.url, base(c));
      if (!id) throw new NotFoundError('Clip URL', query.url);
      const ctx = await contextFor(c, id);
      return c.json(buildOembed(ctx, base(c), query), 200);
    });

  // Share pages: the web app's index.html with preview tags. Unknown ids still get the app
  // (it shows its own "not found"), with a 404 status and no tags.
  const sharePage = async (c: Context, build: () => Promise<PageHead>) => {
    const html = await loadIndexHtml(options.indexHtmlPath);
    c.header('Cache-Control', 'no-cache');
    try {
      return c.html(injectHead(html, await build()), 200);
    } catch (err) {
      if (err instanceof NotFoundError) return c.html(html, 404);
      throw err;
    }
  };

  const clipHead = async (c: Context, id: string, embed: boolean): Promise<PageHead> => {
    const ctx = await contextFor(c, id);
    const showTitle = ctx.show?.title ?? ctx.episode.showId;
    const title = `${ctx.clip.title ?? ctx.episode.title} (${ctx.range}) · ${showTitle}`;
    const by = [ctx.speaker, showTitle, ctx.episode.title].filter(Boolean).join(', ');
    // A link preview quotes too: an estimated quote says so there as well.
    const quoted = `“${ctx.clip.quote}”${ctx.quoteEstimated ? ` ${quoteEstimatedNotice}` : ''}`;
    return {
      title,
      description: `${quoted} — ${by}`,
      url: embed ? ctx.links.embed : ctx.links.page,
      image: { url: ctx.links.card, ...quoteCardSize, alt: `${quoted} — ${by}` },
      oembedUrl: ctx.links.oembed,
      // The audio export's cut: audio in the episode's codec family, or an MP4 for a video.
      ...(ctx.links.audio && ctx.episode.media
        ? {
            media: { url: ctx.links.audio, type: planCut(ctx.episode.media, ctx.episode.mediaType).mimeType },
          }
        : {}),
      siteName: 'Verbatim',
      noindex: embed,
    };
  };

  api.get('/clips/:id', (c) => sharePage(c, () => clipHead(c, c.req.param('id'), false)));
  api.get('/embed/clips/:id', (c) => sharePage(c, () => clipHead(c, c.req.param('id'), true)));
  // The pack builder is a page of the web app, not a pack: no preview tags, and a 200.
  api.get('/packs/new', async (c) => {
    c.header('Cache-Control', 'no-cache');
    return c.html(await loadIndexHtml(options.indexHtmlPath), 200);
  });
  api.get('/packs/:id', (c) =>
    sharePage(c, async () => {
      const view = await packView(c, (await getStoredPack(store, c.req.param('id'))).pack);
      const present = view.items.filter((i) => !i.missing);
      const first = present[0];
      return {
        title: `${view.pack.title} · Verbatim`,
        description:
          view.pack.intro ?? `${present.length} clips: ${present.map((i) => `“${i.clip.quote}”`).join(' ')}`,
        url: view.links.page,
        ...(first
          ? { image: { url: first.links.card, ...quoteCardSize, alt: `“${first.clip.quote}”` } }
          : {}),
        siteName: 'Verbatim',
      };
    }),
  );

  return api;
}

/** The clip routes' type, for the web app's typed client. */
export type ClipsRoutes = ReturnType<typeof createClipsRoutes>;
