// A plain HTML reference of the API from its OpenAPI document: every path, its
// parameters and responses. Static text, escaped, no scripts (fits the CSP).

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: { type?: string; enum?: unknown[]; default?: unknown };
}
interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: Parameter[];
  security?: unknown[];
  requestBody?: { content?: Record<string, unknown> };
  responses?: Record<string, { description?: string; content?: Record<string, unknown> }>;
}
export interface OpenApiDocument {
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, Operation>>;
}

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch,
  );

/** A description as the OpenAPI document writes it (CommonMark): its `code` spans as code. */
const describeHtml = (s: string) => escapeHtml(s).replace(/`([^`]+)`/g, '<code>$1</code>');

function renderParameters(parameters: Parameter[]): string {
  if (parameters.length === 0) return '';
  const rows = parameters
    .map((p) => {
      const type = p.schema?.enum ? p.schema.enum.map(String).join(' | ') : (p.schema?.type ?? 'string');
      return `<tr><td><code>${escapeHtml(p.name)}</code></td><td>${escapeHtml(p.in)}${p.required ? ', required' : ''}</td><td>${escapeHtml(type)}</td><td>${describeHtml(p.description ?? '')}</td></tr>`;
    })
    .join('');
  return `<div class="table-scroll"><table><thead><tr><th>Parameter</th><th>In</th><th>Type</th><th>Description</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

function renderOperation(method: string, path: string, op: Operation): string {
  const id = `${method}-${path}`.replace(/[^a-zA-Z0-9]+/g, '-');
  const responses = Object.entries(op.responses ?? {})
    .map(([status, r]) => {
      const types = Object.keys(r.content ?? {}).join(', ');
      return `<li><code>${escapeHtml(status)}</code> ${describeHtml(r.description ?? '')}${types ? ` <small>(${escapeHtml(types)})</small>` : ''}</li>`;
    })
    .join('');
  const body = op.requestBody?.content
    ? `<p>Request body: ${escapeHtml(Object.keys(op.requestBody.content).join(', '))}</p>`
    : '';
  const auth = op.security?.length
    ? '<p><strong>Requires the admin token</strong> (Authorization: Bearer …).</p>'
    : '';
  return `<section id="${id}"><h3><span class="method">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>
<p>${describeHtml(op.summary ?? '')}</p>${op.description ? `<p>${describeHtml(op.description)}</p>` : ''}${auth}
${renderParameters(op.parameters ?? [])}${body}<ul class="responses">${responses}</ul></section>`;
}

export function renderApiReference(doc: OpenApiDocument): string {
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method, op })),
  );
  const toc = operations
    .map(
      ({ path, method }) =>
        `<li><a href="#${`${method}-${path}`.replace(/[^a-zA-Z0-9]+/g, '-')}">${method.toUpperCase()} ${escapeHtml(path)}</a></li>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(doc.info.title)} reference</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<style>
body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
code{background:#f3f3f3;padding:0 .25em;border-radius:3px}
section{border-top:1px solid #ddd;padding:.5rem 0}
.method{display:inline-block;min-width:4.5em;font-size:.8em;background:#1b4d89;color:#fff;padding:.1em .4em;border-radius:3px;text-align:center}
table{border-collapse:collapse;width:100%;font-size:.9em}td,th{border:1px solid #ddd;padding:.25em .5em;text-align:left;vertical-align:top}
.table-scroll{overflow-x:auto}h3,li,td{overflow-wrap:anywhere}
</style></head><body>
<h1>${escapeHtml(doc.info.title)} <small>${escapeHtml(doc.info.version)}</small></h1>
<p>${describeHtml(doc.info.description ?? '')}</p>
<p>Machine-readable document: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3).</p>
<nav><h2>Endpoints</h2><ul>${toc}</ul></nav>
<main>${operations.map(({ path, method, op }) => renderOperation(method, path, op)).join('\n')}</main>
</body></html>`;
}
