// Checks a JSON value against a schema of an OpenAPI 3.0 document, written for these tests
// so that what a generated client would expect is checked independently of the zod schemas
// the document comes from. A keyword it does not know fails the check rather than being
// skipped, so a schema it cannot read never passes silently.

export interface OpenApiSchema {
  [keyword: string]: unknown;
}

export interface OpenApiOperation {
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { content: Record<string, { schema?: OpenApiSchema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema?: OpenApiSchema }> }>;
}

export interface OpenApiDocumentJson {
  openapi: string;
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, OpenApiSchema> };
}

/** Keywords that describe a value without constraining it. */
const ANNOTATIONS = new Set(['description', 'example', 'default', 'format', 'title', 'discriminator']);

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Where `value` breaks `schema`, as `path: reason` lines; empty when it conforms. */
export function schemaProblems(
  doc: OpenApiDocumentJson,
  schema: OpenApiSchema,
  value: unknown,
  at = '$',
): string[] {
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = doc.components.schemas[name];
    if (!target) return [`${at}: unknown $ref ${schema.$ref}`];
    return schemaProblems(doc, target, value, at);
  }
  if (value === null && schema.nullable === true) return [];
  const problems: string[] = [];
  for (const [keyword, expected] of Object.entries(schema)) {
    if (ANNOTATIONS.has(keyword) || keyword === 'nullable') continue;
    switch (keyword) {
      case 'type': {
        const actual = typeOf(value);
        const ok = actual === expected || (expected === 'number' && actual === 'integer');
        if (!ok) return [`${at}: expected ${String(expected)}, got ${actual}`];
        break;
      }
      case 'enum':
        if (!(expected as unknown[]).includes(value))
          problems.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(expected)}`);
        break;
      case 'required':
        if (typeOf(value) === 'object')
          for (const name of expected as string[])
            if (!(name in (value as object))) problems.push(`${at}: missing required property ${name}`);
        break;
      case 'properties':
        if (typeOf(value) === 'object')
          for (const [name, sub] of Object.entries(expected as Record<string, OpenApiSchema>)) {
            const v = (value as Record<string, unknown>)[name];
            if (v !== undefined) problems.push(...schemaProblems(doc, sub, v, `${at}.${name}`));
          }
        break;
      case 'additionalProperties':
        if (typeOf(value) === 'object') {
          const known = new Set(Object.keys((schema.properties as object | undefined) ?? {}));
          for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
            if (known.has(name)) continue;
            if (expected === false) problems.push(`${at}: unexpected property ${name}`);
            else if (typeof expected === 'object')
              problems.push(...schemaProblems(doc, expected as OpenApiSchema, v, `${at}.${name}`));
          }
        }
        break;
      case 'items':
        if (Array.isArray(value))
          value.forEach((item, i) =>
            problems.push(...schemaProblems(doc, expected as OpenApiSchema, item, `${at}[${i}]`)),
          );
        break;
      case 'minItems':
      case 'maxItems':
        if (Array.isArray(value)) {
          const bad =
            keyword === 'minItems' ? value.length < Number(expected) : value.length > Number(expected);
          if (bad) problems.push(`${at}: ${value.length} items breaks ${keyword} ${String(expected)}`);
        }
        break;
      case 'minLength':
      case 'maxLength':
        if (typeof value === 'string') {
          const length = [...value].length;
          const bad = keyword === 'minLength' ? length < Number(expected) : length > Number(expected);
          if (bad) problems.push(`${at}: length ${length} breaks ${keyword} ${String(expected)}`);
        }
        break;
      case 'minimum':
      case 'maximum':
        if (typeof value === 'number') {
          const bad = keyword === 'minimum' ? value < Number(expected) : value > Number(expected);
          if (bad) problems.push(`${at}: ${value} breaks ${keyword} ${String(expected)}`);
        }
        break;
      case 'allOf':
        for (const sub of expected as OpenApiSchema[]) problems.push(...schemaProblems(doc, sub, value, at));
        break;
      case 'anyOf':
      case 'oneOf': {
        const matching = (expected as OpenApiSchema[]).filter(
          (sub) => schemaProblems(doc, sub, value, at).length === 0,
        ).length;
        if (matching === 0) problems.push(`${at}: matches none of the ${keyword} schemas`);
        else if (keyword === 'oneOf' && matching > 1)
          problems.push(`${at}: matches ${matching} of the oneOf schemas`);
        break;
      }
      default:
        problems.push(`${at}: schema keyword ${keyword} is not understood by this check`);
    }
  }
  return problems;
}

/** The operation a request reaches, by the document's path templates (`{id}` is one segment). */
export function operationFor(
  doc: OpenApiDocumentJson,
  method: string,
  path: string,
): { template: string; operation: OpenApiOperation } | null {
  const pathname = path.split('?')[0] ?? path;
  for (const [template, operations] of Object.entries(doc.paths)) {
    const source = template
      .split(/(\{[^}]+\})/)
      .map((part) =>
        part === '{path}'
          ? '.+'
          : part.startsWith('{')
            ? '[^/]+'
            : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
      )
      .join('');
    const operation = operations[method.toLowerCase()];
    if (operation && new RegExp(`^${source}$`).test(pathname)) return { template, operation };
  }
  return null;
}
