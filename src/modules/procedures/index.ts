/**
 * Online procedures (issue 3): the procedure catalog (手続一覧) residents browse by area and by life
 * event and search in Japanese; forms as versioned data; applications from draft to submission with
 * receipt number, receipt mail and duplicate flag; the resident's applications in マイページ; the
 * staff inbox per department and the case page with the decision.
 */
import { Hono } from 'hono';
import type { AppEnv, ModuleRoutes } from '../../platform/http/index.ts';
import { applicationRoutes } from './applications.routes.tsx';
import { caseRoutes } from './cases/cases.routes.tsx';
import { procedureRoutes } from './procedures.routes.tsx';
import { applicationText, caseText, catalogText } from './procedures.messages.ts';

const routes = new Hono<AppEnv>();
routes.route('/', procedureRoutes);
routes.route('/', applicationRoutes);
routes.route('/', caseRoutes);

export const proceduresModule: ModuleRoutes = {
  routes,
  links: {
    resident: [
      { href: '/procedures', title: catalogText.linkTitle, description: catalogText.linkDescription },
      { href: '/mypage/applications', title: applicationText.linkTitle, description: applicationText.linkDescription },
    ],
    staff: [{ href: '/staff/cases', title: caseText.linkTitle, description: caseText.linkDescription }],
  },
};
export { seedDemoProcedures } from './procedures.seed.ts';
