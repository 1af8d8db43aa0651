/**
 * Online procedures (issue 3): the procedure catalog (手続一覧) residents browse by area and by life
 * event and search in Japanese; forms as versioned data; applications from draft to submission with
 * receipt number, receipt mail and duplicate flag; the resident's applications in マイページ; the
 * staff inbox per department and the case page with the decision; the form builder for staff.
 */
import { Hono } from 'hono';
import type { AppEnv, Deps, ModuleRoutes } from '../../platform/http/index.ts';
import { PermanentJobError, type JobHandler } from '../../platform/jobs/index.ts';
import { applicationRoutes } from './applications.routes.tsx';
import { attachmentRoutes } from './attachments/attachments.routes.ts';
import { builderText } from './builder/builder.messages.ts';
import { builderRoutes } from './builder/builder.routes.tsx';
import { caseRoutes } from './cases/cases.routes.tsx';
import { caseWorkText } from './cases/cases.messages.ts';
import { CORRECTION_OVERDUE_QUEUE, CORRECTION_REMINDER_QUEUE, markCorrectionOverdue, remindOfCorrection, type CorrectionDeadlineJob } from './cases/correction-deadlines.service.ts';
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

const isUuid = (v: unknown) => typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v);

function deadlinePayload(queue: string, p: CorrectionDeadlineJob | null): CorrectionDeadlineJob {
  if (!p || !isUuid(p.correctionId) || !isUuid(p.applicationId) || typeof p.origin !== 'string' || typeof p.tenantName !== 'string') throw new PermanentJobError(`${queue}: malformed payload`);
  return p;
}

/** The 補正 deadline jobs (ADR 42): a reminder to the resident, and the overdue mark on the day after. */
function correctionDeadlineJobs(deps: Deps): Record<string, JobHandler> {
  const remind: JobHandler<CorrectionDeadlineJob> = async (job, ctx) => {
    const p = deadlinePayload(CORRECTION_REMINDER_QUEUE, job.payload);
    const outcome = await ctx.tx(async (tx) => remindOfCorrection(tx, await deps.keyring.forTenant(tx, job.tenantId), job.tenantId, p));
    // The mail it queued goes out at once.
    if (outcome === 'queued') deps.worker.nudge();
  };
  const overdue: JobHandler<CorrectionDeadlineJob> = async (job, ctx) => {
    const p = deadlinePayload(CORRECTION_OVERDUE_QUEUE, job.payload);
    const outcome = await ctx.tx((tx) => markCorrectionOverdue(tx, job.tenantId, p));
    if (outcome === 'early') throw new Error(`correction ${p.correctionId} is not overdue yet`);
    if (outcome === 'marked') deps.worker.nudge();
  };
  return { [CORRECTION_REMINDER_QUEUE]: remind, [CORRECTION_OVERDUE_QUEUE]: overdue };
}

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
  jobs: correctionDeadlineJobs,
};
export { seedDemoProcedures } from './procedures.seed.ts';
export { seedDemoDocumentIssuer } from './documents/documents.seed.ts';
export { proceduresApi } from './api/procedures.api.ts';
export { importPostalData } from './forms/postal/postal-import.ts';
