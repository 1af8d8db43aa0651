/**
 * Online procedures (issue 3): the procedure catalog (手続一覧) residents browse by area and by life
 * event and search in Japanese; forms as versioned data; applications from draft to submission with
 * receipt number, receipt mail and duplicate flag; the resident's applications in マイページ; the
 * staff inbox per department and the case page with the decision; the form builder for staff.
 */
import { Hono } from 'hono';
import type { AppEnv, ModuleRoutes } from '../../platform/http/index.ts';
import { applicationRoutes } from './applications.routes.tsx';
import { attachmentRoutes } from './attachments/attachments.routes.ts';
import { builderText } from './builder/builder.messages.ts';
import { builderRoutes } from './builder/builder.routes.tsx';
import { caseRoutes } from './cases/cases.routes.tsx';
import { caseWorkText } from './cases/cases.messages.ts';
import { settingsRoutes } from './cases/settings.routes.tsx';
import { documentRoutes } from './documents/documents.routes.ts';
import { exportRoutes } from './export/export.routes.tsx';
import { exportText } from './export/export.messages.ts';
import { bankRoutes } from './forms/bank.routes.ts';
import { postalRoutes } from './forms/postal/postal.routes.ts';
import { procedureRoutes } from './procedures.routes.tsx';
import { applicationText, caseText, catalogText } from './procedures.messages.ts';

const routes = new Hono<AppEnv>();
routes.route('/', postalRoutes);
routes.route('/', bankRoutes);
routes.route('/', procedureRoutes);
routes.route('/', applicationRoutes);
routes.route('/', attachmentRoutes);
routes.route('/', documentRoutes);
// Before the case routes: /staff/cases/export is not an application id.
routes.route('/', exportRoutes);
routes.route('/', caseRoutes);
routes.route('/', settingsRoutes);
routes.route('/', builderRoutes);

export const proceduresModule: ModuleRoutes = {
  routes,
  links: {
    resident: [
      { href: '/procedures', title: catalogText.linkTitle, description: catalogText.linkDescription },
      { href: '/mypage/applications', title: applicationText.linkTitle, description: applicationText.linkDescription },
    ],
    staff: [
      { href: '/staff/cases', title: caseText.linkTitle, description: caseText.linkDescription },
      { href: '/staff/approval-routes', title: caseWorkText.routesTitle, description: caseWorkText.routesLead },
      { href: '/staff/absences', title: caseWorkText.absencesLink, description: caseWorkText.absencesLinkDescription },
      { href: '/staff/cases/export', title: exportText.linkTitle, description: exportText.linkDescription },
      { href: '/staff/procedures', title: builderText.linkTitle, description: builderText.linkDescription },
    ],
  },
};
export { seedDemoProcedures } from './procedures.seed.ts';
export { seedDemoDocumentIssuer } from './documents/documents.seed.ts';
export { proceduresApi } from './api/procedures.api.ts';
export { importPostalData } from './forms/postal/postal-import.ts';
