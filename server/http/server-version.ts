import { readFileSync } from 'node:fs';

/** The package version, read once at start. */
export const serverVersion: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/**
 * This run of the server. An answer the web app reads (an episode's JSON) is tagged with it
 * too: code updated without a version bump needs a restart, so it never gets a 304 for an
 * answer of the old shape.
 */
export const serverRun: string = `${process.pid}-${Date.now()}`;
