/** Every route of the module, public and staff, in one Hono app mounted at the root. */
import { Hono } from 'hono';
import type { AppEnv } from '../../platform/http/index.ts';
import { catalogRoutes } from './catalog/catalog.routes.tsx';
import { catalogStaffRoutes } from './catalog/catalog-staff.routes.tsx';
import { ckanRoutes } from './catalog/ckan.routes.ts';
import { downloadRoutes } from './catalog/downloads.routes.ts';
import { placesRoutes } from './places/places.routes.tsx';
import { publicRoutes } from './public.routes.tsx';
import { shelterRoutes } from './shelters/shelters.routes.tsx';

export const opendataRoutes = new Hono<AppEnv>();
opendataRoutes.route('/', ckanRoutes);
opendataRoutes.route('/', catalogRoutes);
opendataRoutes.route('/', catalogStaffRoutes);
opendataRoutes.route('/', downloadRoutes);
opendataRoutes.route('/', placesRoutes);
opendataRoutes.route('/', shelterRoutes);
opendataRoutes.route('/', publicRoutes);
