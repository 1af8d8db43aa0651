/**
 * Downloads of an application's documents. The applicant: the submission copy and, once decided,
 * the decision notice (マイページ). Staff who may read the case: the same two files, each download
 * audit-logged as a read of the case's personal data.
 */
import { Hono } from 'hono';
import { AppError } from '../../../platform/errors/index.ts';
import { audit, tenantTxWithCipher, type AppEnv, type Ctx } from '../../../platform/http/index.ts';
import type { Text } from '../../../platform/i18n/index.ts';
import { requireResident } from '../../residents/index.ts';
import { requireStaff } from '../../staff/index.ts';
import type { Queryable } from '../../../platform/db/index.ts';
import { getApplication, getOwnApplication, type Application } from '../applications.service.ts';
import { canReadCase } from '../cases/cases.policy.ts';
import { getProcedureById, type Procedure } from '../procedures.service.ts';
import { documentText as m } from './documents.messages.ts';
import { renderDecisionNotice, type DecisionNoticeInput } from './decision-notice.ts';
import { contentDisposition, decisionNoticeInput, submissionCopyInput } from './documents.service.ts';
import { renderSubmissionCopy, type SubmissionCopyInput } from './submission-copy.ts';

export const documentRoutes = new Hono<AppEnv>();

function pdf(c: Ctx, bytes: Buffer, name: Text, receiptNumber: string) {
  return c.body(new Uint8Array(bytes), 200, {
    'content-type': 'application/pdf',
    'content-disposition': contentDisposition(name, `${receiptNumber}.pdf`),
    'cache-control': 'private, no-store',
    'x-content-type-options': 'nosniff',
  });
}

type Kind = 'copy' | 'notice';
type Input = { kind: 'copy'; input: SubmissionCopyInput } | { kind: 'notice'; input: DecisionNoticeInput };

/** Loads what the document prints (in the transaction); 404 when a notice was not issued. */
async function documentInput(tx: Queryable, tenant: string, app: Application, procedure: Procedure, kind: Kind): Promise<Input> {
  if (kind === 'copy') return { kind, input: await submissionCopyInput(tx, tenant, app, procedure) };
  const input = await decisionNoticeInput(tx, tenant, app, procedure);
  if (!input) throw new AppError('not_found');
  return { kind, input };
}

/** Draws the PDF after the transaction has ended. */
const render = (d: Input) => (d.kind === 'copy' ? renderSubmissionCopy(d.input) : renderDecisionNotice(d.input));

/** The applicant's own document; 404 for anyone else's, for a draft, or for a notice not yet issued. */
async function residentDocument(c: Ctx, kind: Kind) {
  const { residentId } = requireResident(c, 1);
  const file = await tenantTxWithCipher(c, async (tx, cipher) => {
    const tenant = c.var.tenant.code;
    const app = await getOwnApplication(tx, cipher, tenant, c.req.param('applicationId') ?? '', residentId);
    if (!app || app.status === 'draft') throw new AppError('not_found');
    const procedure = (await getProcedureById(tx, tenant, app.procedureId))!;
    const input = await documentInput(tx, tenant, app, procedure, kind);
    return { input, receipt: app.receiptNumber! };
  });
  return pdf(c, await render(file.input), kind === 'copy' ? m.copyFile : m.noticeFile, file.receipt);
}

/** A case's document for staff who may read the case; every download is an audited read. */
async function staffDocument(c: Ctx, kind: Kind) {
  const staff = requireStaff(c);
  const file = await tenantTxWithCipher(c, async (tx, cipher) => {
    const tenant = c.var.tenant.code;
    const app = await getApplication(tx, cipher, tenant, c.req.param('applicationId') ?? '');
    if (!app || app.status === 'draft') throw new AppError('not_found');
    const procedure = (await getProcedureById(tx, tenant, app.procedureId))!;
    if (!canReadCase(staff, procedure.department.id)) throw new AppError('forbidden');
    const input = await documentInput(tx, tenant, app, procedure, kind);
    await audit(c, tx, { action: 'application.read', recordType: 'application', recordId: app.id, reason: `case ${app.receiptNumber} ${kind}.pdf` });
    return { input, receipt: app.receiptNumber! };
  });
  return pdf(c, await render(file.input), kind === 'copy' ? m.copyFile : m.noticeFile, file.receipt);
}

documentRoutes.get('/mypage/applications/:applicationId/copy.pdf', (c) => residentDocument(c, 'copy'));
documentRoutes.get('/mypage/applications/:applicationId/notice.pdf', (c) => residentDocument(c, 'notice'));
documentRoutes.get('/staff/cases/:applicationId/copy.pdf', (c) => staffDocument(c, 'copy'));
documentRoutes.get('/staff/cases/:applicationId/notice.pdf', (c) => staffDocument(c, 'notice'));
