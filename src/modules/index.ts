/**
 * The modules this deployment runs, in mount order. Each is a folder with a public index.ts;
 * this file is the only place that knows them all.
 */
import type { ModuleRoutes } from '../platform/http/index.ts';
import { portalModule } from './portal/index.ts';
import { residentsModule } from './residents/index.ts';
import { staffModule } from './staff/index.ts';
import { apiModule } from './api/index.ts';
import { devtoolsModule } from './devtools/index.ts';
import { opendataApi, opendataModule } from './opendata/index.ts';
import { proceduresApi, proceduresModule } from './procedures/index.ts';
import { newsApi, newsModule } from './news/index.ts';
import { alertsApi, alertsModule } from './alerts/index.ts';
import { notifyApi, notifyModule } from './notify/index.ts';

export const modules: ModuleRoutes[] = [portalModule, residentsModule, staffModule, opendataModule, proceduresModule, newsModule, alertsModule, notifyModule, apiModule([opendataApi(), proceduresApi(), newsApi(), alertsApi(), notifyApi()]), devtoolsModule];

export { mountDevIdentityProvider } from './devidp/index.ts';
