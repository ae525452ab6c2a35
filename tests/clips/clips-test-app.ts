// The app under test: the real createApp(deps), in-process.
import type { AppDeps } from '../../server/app/app-deps.ts';
import { createApp, type AppOptions } from '../../server/http/app.ts';

export function createClipsTestApp(deps: AppDeps, options?: AppOptions) {
  return createApp(deps, options);
}

export const json = (body: unknown, token?: string): RequestInit => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
  body: JSON.stringify(body),
});

/** m:ss of a time under an hour, rounded down (starts) or up (ends), worked out independently. */
export function mmss(seconds: number, round: 'down' | 'up'): string {
  const whole = round === 'down' ? Math.floor(seconds) : Math.ceil(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}
