// zod-to-openapi writes a nullable reference (`ShowSchema.nullable()`) for OpenAPI 3.0 as
// `allOf: [{ $ref }, { nullable: true }]`. There `nullable` has no type to apply to, and
// null must still match the $ref: a client generated from it types the field as never
// null. The spelling 3.0 readers take is `{ allOf: [{ $ref }], nullable: true }`.

const isBareNullable = (part: unknown): boolean =>
  typeof part === 'object' &&
  part !== null &&
  Object.keys(part).length === 1 &&
  (part as { nullable?: unknown }).nullable === true;

function rewrite(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewrite);
  if (typeof node !== 'object' || node === null) return node;
  const out = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, rewrite(value)]));
  const parts = out.allOf as unknown[] | undefined;
  if (Array.isArray(parts) && parts.some(isBareNullable)) {
    out.allOf = parts.filter((part) => !isBareNullable(part));
    out.nullable = true;
  }
  return out;
}

/** The document with each nullable reference spelt so that 3.0 readers see the null. */
export function nullableReferencesBesideAllOf<T extends object>(doc: T): T {
  return rewrite(doc) as T;
}
