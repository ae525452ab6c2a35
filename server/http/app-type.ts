// The type the web app's client is built from: `hc<AppType>('/')` from 'hono/client'
// infers every API path, its query/param inputs and its JSON responses.
import type { ApiRoutes } from './app.ts';

export type AppType = ApiRoutes;
// Clip and pack routes (issue 6), typed the same way for the web app's clip features.
export type { ClipsRoutes } from '../clips/clips-routes.ts';
