import type { RouteHandler } from '@hono/zod-openapi';
import { NotFoundError } from '../../errors.ts';
import type { AppEnv } from '../app-env.ts';
import type { GetOneRoute, ListRoute } from './shows.routes.ts';

export const list: RouteHandler<ListRoute, AppEnv> = async (c) => {
  const items = await c.var.deps.store.listShows();
  return c.json({ items }, 200);
};

export const getOne: RouteHandler<GetOneRoute, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const show = await c.var.deps.store.getShowSummary(id);
  if (!show) throw new NotFoundError('Show', id);
  return c.json(show, 200);
};
