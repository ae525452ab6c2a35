// Answers the edge gives to any operation, whatever its own route lists: a bad path or
// query parameter (400, from its schema), a URL and headers over Node's 16 KiB (431), a
// body over the size limit (413) or of a type the operation does not take (415), and 304
// to a GET whose JSON answer the client holds. Added to the document in one place so a
// client generated from it knows every status it can get.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { JSON_BODY_LIMIT_BYTES } from '../middleware/security.ts';

type OpenAPIObject = ReturnType<OpenAPIHono['getOpenAPIDocument']>;
type PathItemObject = NonNullable<OpenAPIObject['paths']>[string];
type OperationObject = NonNullable<PathItemObject['get']>;
type ResponseObject = { description: string; content?: unknown };

const errorContent = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } };

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

function errorAnswer(description: string): ResponseObject {
  return { description, content: errorContent };
}

const invalidInput = errorAnswer(
  'Invalid parameter or body: error.details.issues names each bad field and what was expected',
);
const bodyTooLarge = errorAnswer(
  `Request body over the limit (${JSON_BODY_LIMIT_BYTES / 1024 / 1024} MiB; uploads: VERBATIM_MAX_UPLOAD_BYTES)`,
);
// Query lists take 50 values of 200 characters each: two full ones are over Node's limit.
const urlTooLong = errorAnswer(
  'The request line and headers are over 16 KiB (answered before the operation runs): send fewer filter values',
);
const unsupportedType = errorAnswer(
  'The body is not of a type this endpoint takes: error.details.accepted lists the Content-Types it takes',
);

// Every JSON answer of a GET is tagged by its content (middleware/tag-json-answers.ts).
const notModified: ResponseObject = {
  description: 'Not modified: the ETag sent in If-None-Match still holds (no body)',
};

function answersJson(response: unknown): boolean {
  const content = (response as ResponseObject | undefined)?.content;
  return typeof content === 'object' && content !== null && 'application/json' in content;
}

function withCommonErrors(method: string, operation: OperationObject): OperationObject {
  const responses: Record<string, ResponseObject> = { ...operation.responses };
  if (method === 'get' && answersJson(responses['200'])) responses['304'] ??= notModified;
  const takesInput = (operation.parameters?.length ?? 0) > 0 || operation.requestBody !== undefined;
  if (takesInput) responses['400'] ??= invalidInput;
  if (operation.parameters?.some((p) => 'in' in p && p.in === 'query')) responses['431'] ??= urlTooLong;
  if (operation.requestBody !== undefined) {
    responses['413'] ??= bodyTooLarge;
    responses['415'] ??= unsupportedType;
  }
  const sorted = Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));
  return { ...operation, responses: sorted };
}

/** The document with the edge's error answers listed on every operation they can reach. */
export function addCommonErrorResponses(doc: OpenAPIObject): OpenAPIObject {
  const paths = Object.fromEntries(
    Object.entries(doc.paths).map(([path, item]) => {
      const completed: PathItemObject = { ...item };
      for (const method of METHODS) {
        const operation = item[method];
        if (operation) completed[method] = withCommonErrors(method, operation);
      }
      return [path, completed];
    }),
  );
  return { ...doc, paths };
}
