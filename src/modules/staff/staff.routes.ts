import { Hono } from 'hono';
import type { AppEnv } from '../../platform/http/index.ts';
import { accountRoutes } from './account.routes.tsx';
import { adminRoutes } from './admin.routes.tsx';
import { invitationRoutes } from './invitation.routes.tsx';
import { signInRoutes } from './sign-in.routes.tsx';

/** Every staff page and endpoint, all under /staff. */
export const staffRoutes = new Hono<AppEnv>();
staffRoutes.route('/', signInRoutes);
staffRoutes.route('/', invitationRoutes);
staffRoutes.route('/', accountRoutes);
staffRoutes.route('/', adminRoutes);
