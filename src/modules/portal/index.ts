import { portalRoutes } from './portal.routes.tsx';

/** Public pages of the resident site: home, accessibility and privacy statements, language switch. */
export const portalModule = { routes: portalRoutes };
