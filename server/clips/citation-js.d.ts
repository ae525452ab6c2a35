// citation-js ships no type declarations; this covers the part used by format-citation.ts.
declare module '@citation-js/core' {
  export class Cite {
    constructor(data: unknown);
    format(kind: 'bibliography' | 'citation' | 'data', options?: Record<string, unknown>): string | object;
  }
}
declare module '@citation-js/plugin-csl';
