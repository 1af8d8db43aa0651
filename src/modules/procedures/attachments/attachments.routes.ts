/**
 * Downloads of attachments as safe renditions: images re-served from the cleaned bytes with the
 * type detected at upload; PDFs only as a download (Content-Disposition: attachment). Every
 * response is sandboxed (CSP sandbox) and never sniffed (nosniff), so a file cannot run as a page
 * of the site. Staff see the attachments of cases they may read, and each read is audit-logged;
 * residents download their own.
 */
import { Hono } from 'hono';
import { AppError } from '../../../platform/errors/index.ts';
import { audit, tenantTxWithCipher, type AppEnv, type Ctx } from '../../../platform/http/index.ts';
import { requireResident } from '../../residents/index.ts';
import { requireStaff } from '../../staff/index.ts';
import { getApplication, getOwnApplication } from '../applications.service.ts';
import { canReadCase } from '../cases/cases.policy.ts';
import { getProcedureById } from '../procedures.service.ts';
import { readAttachment, type Attachment } from './attachments.service.ts';

export const attachmentRoutes = new Hono<AppEnv>();

/** The file as a response that cannot act as a page of the site (also the API's downloads). */
export function rendition(c: Ctx, file: Attachment): Response {
  const ascii = file.fileName.replace(/[^A-Za-z0-9._-]/g, '_');
  const disposition = file.contentType === 'application/pdf' ? 'attachment' : 'inline';
  c.header('Content-Type', file.contentType);
  c.header('Content-Disposition', `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`);
  c.set('cspSandbox', true);
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Cache-Control', 'private, no-store');
  c.header('Cross-Origin-Resource-Policy', 'same-origin');
  return c.body(new Uint8Array(file.content));
}

attachmentRoutes.get('/applications/:applicationId/attachments/:attachmentId', async (c) => {
  const { residentId } = requireResident(c, 1);
  const file = await tenantTxWithCipher(c, async (tx, cipher) => {
    const app = await getOwnApplication(tx, cipher, c.var.tenant.code, c.req.param('applicationId'), residentId);
    if (!app) return null;
    return readAttachment(tx, cipher, c.var.tenant.code, app.id, c.req.param('attachmentId'));
  });
  if (!file) throw new AppError('not_found');
  return rendition(c, file);
});

attachmentRoutes.get('/staff/cases/:applicationId/attachments/:attachmentId', async (c) => {
  const staff = requireStaff(c);
  const file = await tenantTxWithCipher(c, async (tx, cipher) => {
    const tenant = c.var.tenant.code;
    const app = await getApplication(tx, cipher, tenant, c.req.param('applicationId'));
    if (!app || app.status === 'draft') return null;
    const procedure = (await getProcedureById(tx, tenant, app.procedureId))!;
    if (!canReadCase(staff, procedure.department.id)) throw new AppError('forbidden');
    const found = await readAttachment(tx, cipher, tenant, app.id, c.req.param('attachmentId'));
    if (found) await audit(c, tx, { action: 'application.attachment.read', recordType: 'application_attachment', recordId: found.id, reason: `case ${app.receiptNumber}`, details: { application: app.id, field: found.field } });
    return found;
  });
  if (!file) throw new AppError('not_found');
  return rendition(c, file);
});
