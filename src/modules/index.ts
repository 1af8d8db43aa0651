/**
 * The modules this deployment runs, in mount order. Each is a folder with a public index.ts;
 * this file is the only place that knows them all.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Deps, ModuleRoutes } from '../platform/http/index.ts';
import { portalModule } from './portal/index.ts';
import { apiModule } from './api/index.ts';
import { devtoolsModule } from './devtools/index.ts';

export const modules: ModuleRoutes[] = [portalModule, apiModule(), devtoolsModule];

export async function mountDevIdentityProvider(_deps: Deps): Promise<((req: IncomingMessage, res: ServerResponse) => void) | null> {
  return null;
}
