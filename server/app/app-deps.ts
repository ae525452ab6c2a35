// What every route and CLI needs, built once at start (see create-archive.ts).
import type { Config } from '../config/env.ts';
import type { ArchiveStore } from '../store/archive-store.ts';
import type { SearchBackend } from '../search/search-types.ts';

export interface AppDeps {
  config: Config;
  store: ArchiveStore;
  search: SearchBackend;
}
