// GET /api/openapi.json (generated from the route schemas) and GET /api/docs, a
// readable reference page rendered from that same document (no external scripts).
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../app-env.ts';
import { serverVersion } from '../server-version.ts';
import { addCommonErrorResponses } from './common-error-responses.ts';
import { nullableReferencesBesideAllOf } from './nullable-references.ts';
import { renderApiReference, type OpenApiDocument } from './render-api-reference.ts';

const documentConfig = {
  openapi: '3.0.3',
  info: {
    title: 'Verbatim API',
    version: serverVersion,
    description:
      'Search podcast and interview transcripts, read episodes and their cues, export transcripts, ' +
      'stream local media. Times are seconds. Errors are `{ error: { code, message, details } }`.',
  },
  tags: [
    { name: 'search', description: 'Full-text search across every transcript' },
    { name: 'shows', description: 'Shows (one folder under transcripts/ each)' },
    { name: 'episodes', description: 'Episodes, transcripts and chapters' },
    { name: 'media', description: 'Local media files' },
    { name: 'health', description: 'Readiness' },
    { name: 'clips', description: 'Clips: cut, cite, export, embed' },
    { name: 'packs', description: 'Lesson packs of clips' },
    { name: 'admin', description: 'Uploads, deletes and reindex (admin token)' },
  ],
};

export function registerOpenApi(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'adminToken', {
    type: 'http',
    scheme: 'bearer',
    description: 'VERBATIM_ADMIN_TOKEN; admin endpoints answer 403 when no token is configured',
  });
  // Built on first request, once every route is registered; routes never change afterwards.
  let doc: ReturnType<typeof app.getOpenAPIDocument> | undefined;
  const document = () =>
    (doc ??= nullableReferencesBesideAllOf(addCommonErrorResponses(app.getOpenAPIDocument(documentConfig))));
  app.get('/api/openapi.json', (c) => c.json(document()));
  let page: string | undefined;
  app.get('/api/docs', (c) => {
    page ??= renderApiReference(document() as unknown as OpenApiDocument);
    return c.html(page);
  });
}
