// The environment is read once at start; a wrong value stops the server with a message that
// names the variable and what was expected.
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../server/config/env.ts';

describe('configuration from the environment', () => {
  it('starts with defaults on an empty environment', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({ port: 8080, adminToken: undefined, corsOrigins: [], ingestOnStart: true });
  });

  it('keeps CORS origins as browsers send them: no trailing slash, lowercase host', () => {
    expect(
      parseConfig({ VERBATIM_CORS_ORIGINS: 'https://Cours.Example.org/, http://localhost:5173,' })
        .corsOrigins,
    ).toEqual(['https://cours.example.org', 'http://localhost:5173']);
  });

  it('keeps a usable admin token, trimmed', () => {
    expect(parseConfig({ VERBATIM_ADMIN_TOKEN: '  s3cr3t-Token_0123456789~!  ' }).adminToken).toBe(
      's3cr3t-Token_0123456789~!',
    );
  });

  it.each([
    ['VERBATIM_ADMIN_TOKEN', 'short', /at least 16/],
    // Both would start, and then every admin request would get 401.
    ['VERBATIM_ADMIN_TOKEN', 'my admin token with spaces', /visible ASCII/],
    ['VERBATIM_ADMIN_TOKEN', 'tök€n-ünicode-1234567', /visible ASCII/],
    ['PORT', '70000', /PORT/],
    ['MEILI_URL', 'localhost:7700', /http\(s\) URL/],
    ['VERBATIM_WATCH_TRANSCRIPTS', 'yes', /VERBATIM_WATCH_TRANSCRIPTS/],
    // A browser sends only scheme://host[:port]: these would never match, refused in silence.
    [
      'VERBATIM_CORS_ORIGINS',
      'https://moodle.example.edu/course/12',
      /"https:\/\/moodle\.example\.edu\/course\/12" is a page address.*https:\/\/moodle\.example\.edu\b/,
    ],
    ['VERBATIM_CORS_ORIGINS', 'moodle.example.edu', /"moodle\.example\.edu" is not an origin.*https:\/\//],
    ['VERBATIM_CORS_ORIGINS', '*', /"\*" is not an origin/],
  ])('refuses %s=%j, naming it', (name, value, message) => {
    let error: unknown;
    try {
      parseConfig({ [name]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(name);
    expect((error as Error).message).toMatch(message);
  });
});
