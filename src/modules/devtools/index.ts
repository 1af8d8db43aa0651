import { devtoolsRoutes } from './devtools.routes.tsx';

/** Development aids that never run in production: the development mailbox. */
export const devtoolsModule = { routes: devtoolsRoutes };
