// A plain HTML reference of the API from its OpenAPI document: every path, its
// parameters and responses. Static text, escaped, no scripts (fits the CSP).

/** The part of an OpenAPI 3.0 schema the reference shows. */
interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  nullable?: boolean;
  enum?: unknown[];
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: Schema | boolean;
  allOf?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
}
interface MediaTypes {
  [type: string]: { schema?: Schema };
}
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
  requestBody?: { content?: MediaTypes };
  responses?: Record<string, { description?: string; content?: MediaTypes }>;
}
export interface OpenApiDocument {
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch,
  );

/** A description as the OpenAPI document writes it (CommonMark): its `code` spans as code. */
const describeHtml = (s: string) => escapeHtml(s).replace(/`([^`]+)`/g, '<code>$1</code>');

const refName = (ref: string) => ref.replace('#/components/schemas/', '');
const schemaAnchor = (name: string) => `schema-${name.replace(/[^a-zA-Z0-9]+/g, '-')}`;

/** A schema's type in a few words, linking to the named schemas it uses. */
function typeHtml(schema: Schema): string {
  const nullable = schema.nullable ? ' | null' : '';
  if (schema.$ref) {
    const name = refName(schema.$ref);
    return `<a href="#${schemaAnchor(name)}">${escapeHtml(name)}</a>${nullable}`;
  }
  // `{ allOf: [{ $ref }], nullable: true }`: a named schema or null.
  if (schema.allOf?.length === 1 && !schema.type) return typeHtml(schema.allOf[0]!) + nullable;
  const choices = schema.oneOf ?? schema.anyOf;
  if (choices) return choices.map(typeHtml).join(' | ') + nullable;
  if (schema.enum) return escapeHtml(schema.enum.map((v) => JSON.stringify(v)).join(' | ')) + nullable;
  if (schema.type === 'array') {
    const items = schema.items ? typeHtml(schema.items) : 'any';
    const choice = schema.items?.oneOf ?? schema.items?.anyOf;
    return `${choice ? `(${items})` : items}[]${nullable}`;
  }
  if (schema.type === 'string' && schema.format === 'binary') return 'file';
  if (schema.type === 'object' && !schema.properties && typeof schema.additionalProperties === 'object')
    return `object of ${typeHtml(schema.additionalProperties)}${nullable}`;
  return escapeHtml(schema.type ?? 'any') + nullable;
}

/** Limits a field's schema sets, in words. */
function limitsText(schema: Schema): string {
  const range = (min?: number, max?: number, unit = '') =>
    min !== undefined && max !== undefined
      ? `${min}–${max}${unit}`
      : min !== undefined
        ? `≥ ${min}${unit}`
        : max !== undefined
          ? `≤ ${max}${unit}`
          : '';
  return [
    range(schema.minimum, schema.maximum),
    range(schema.minLength, schema.maxLength, ' characters'),
    range(schema.minItems, schema.maxItems, ' items'),
  ]
    .filter(Boolean)
    .join('; ');
}

/** The fields of an object schema, with those of `allOf` parts and one level of nested objects. */
function fieldRows(doc: OpenApiDocument, schema: Schema, prefix = ''): string[] {
  if (schema.$ref && prefix === '') {
    const target = doc.components?.schemas?.[refName(schema.$ref)];
    return target ? fieldRows(doc, target) : [];
  }
  const parts = schema.allOf ?? [schema];
  return parts.flatMap((part) => {
    if (part !== schema) return fieldRows(doc, part, prefix);
    const required = new Set(part.required ?? []);
    return Object.entries(part.properties ?? {}).flatMap(([name, field]) => {
      const limits = limitsText(field);
      const description = [field.description ? describeHtml(field.description) : '', escapeHtml(limits)]
        .filter(Boolean)
        .join('. ');
      const row = `<tr><td><code>${escapeHtml(prefix + name)}</code></td><td>${typeHtml(field)}</td><td>${required.has(name) ? 'yes' : ''}</td><td>${description}</td></tr>`;
      const nested =
        field.type === 'object' && field.properties
          ? fieldRows(doc, field, `${prefix}${name}.`)
          : field.type === 'array' && field.items?.type === 'object' && field.items.properties
            ? fieldRows(doc, field.items, `${prefix}${name}[].`)
            : [];
      return [row, ...nested];
    });
  });
}

function renderFields(doc: OpenApiDocument, schema: Schema): string {
  const rows = fieldRows(doc, schema);
  if (rows.length === 0) return '';
  return `<div class="table-scroll"><table><thead><tr><th>Field</th><th>Type</th><th>Required</th><th>Description</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

/** `type: Schema` for each content type, the schema named and linked when it has a name. */
function contentHtml(content: MediaTypes): string {
  return Object.entries(content)
    .map(([type, media]) =>
      media.schema?.$ref ? `${escapeHtml(type)}: ${typeHtml(media.schema)}` : escapeHtml(type),
    )
    .join(', ');
}

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

function renderOperation(doc: OpenApiDocument, method: string, path: string, op: Operation): string {
  const id = `${method}-${path}`.replace(/[^a-zA-Z0-9]+/g, '-');
  const responses = Object.entries(op.responses ?? {})
    .map(([status, r]) => {
      const content = r.content ?? {};
      const types = contentHtml(content);
      // A shape without a name of its own (a page of episodes) is spelled out here.
      const inline = Object.values(content).find((m) => m.schema && !m.schema.$ref && m.schema.properties);
      return `<li><code>${escapeHtml(status)}</code> ${describeHtml(r.description ?? '')}${types ? ` <small>(${types})</small>` : ''}${inline?.schema ? renderFields(doc, inline.schema) : ''}</li>`;
    })
    .join('');
  const bodyContent = op.requestBody?.content;
  const body = bodyContent
    ? `<p>Request body: ${contentHtml(bodyContent)}</p>${Object.values(bodyContent)
        .map((m) => (m.schema ? renderFields(doc, m.schema) : ''))
        .join('')}`
    : '';
  const auth = op.security?.length
    ? '<p><strong>Requires the admin token</strong> (Authorization: Bearer …).</p>'
    : '';
  return `<section id="${id}"><h3><span class="method">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>
<p>${describeHtml(op.summary ?? '')}</p>${op.description ? `<p>${describeHtml(op.description)}</p>` : ''}${auth}
${renderParameters(op.parameters ?? [])}${body}<ul class="responses">${responses}</ul></section>`;
}

function renderSchemas(doc: OpenApiDocument): string {
  return Object.entries(doc.components?.schemas ?? {})
    .map(
      ([name, schema]) =>
        `<section id="${schemaAnchor(name)}"><h3><code>${escapeHtml(name)}</code></h3>${schema.description ? `<p>${describeHtml(schema.description)}</p>` : ''}${renderFields(doc, schema)}</section>`,
    )
    .join('\n');
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
.table-scroll{overflow-x:auto}h3,li,td{overflow-wrap:anywhere}td:first-child{white-space:nowrap}
</style></head><body>
<h1>${escapeHtml(doc.info.title)} <small>${escapeHtml(doc.info.version)}</small></h1>
<p>${describeHtml(doc.info.description ?? '')}</p>
<p>Machine-readable document: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3).</p>
<nav><h2>Endpoints</h2><ul>${toc}</ul><p><a href="#schemas">Schemas</a>: the fields of each request and response.</p></nav>
<main>${operations.map(({ path, method, op }) => renderOperation(doc, method, path, op)).join('\n')}
<h2 id="schemas">Schemas</h2>
${renderSchemas(doc)}</main>
</body></html>`;
}
