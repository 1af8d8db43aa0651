/**
 * Documents of an application as PDF: the submission copy (申請書の控え), drawn from the stored
 * answers and the recorded form version, and the decision notice, drawn from the notice row issued
 * at the decision (decision-notices.ts). Both are rendered on request and never stored: the same
 * inputs give the same document. The decision mail's attachment is rendered the same way, by the
 * mail worker. Callers load the input in a transaction and render after it.
 */
import type { TenantCipher } from '../../../platform/crypto/index.ts';
import type { Queryable } from '../../../platform/db/index.ts';
import type { Text } from '../../../platform/i18n/index.ts';
import { registerMailAttachmentSource } from '../../../platform/mail/index.ts';
import { getApplication, type Application } from '../applications.service.ts';
import type { FormDefinition } from '../forms/form-definition.ts';
import { formVersion } from '../forms/forms.service.ts';
import { getProcedureById, type Procedure } from '../procedures.service.ts';
import { DECISION_NOTICE_SOURCE, getIssuedNotice } from './decision-notices.ts';
import { renderDecisionNotice, type DecisionNoticeInput } from './decision-notice.ts';
import type { SubmissionCopyInput } from './submission-copy.ts';

/** The applicant's name as answered: the field filled from the card's name, else the first name field. */
export function applicantName(form: FormDefinition, answers: Application['answers']): string {
  const fields = form.sections.flatMap((s) => s.fields);
  const field = fields.find((f) => f.prefill === 'name') ?? fields.find((f) => f.type === 'name');
  const value = field ? answers[field.name] : undefined;
  return typeof value === 'string' ? value : '';
}

/**
 * What the submission copy of a submitted application (any status but draft) prints. Load it in
 * the request's transaction, render it (renderSubmissionCopy) after: drawing a PDF takes tens of
 * milliseconds of CPU that must not hold a database transaction.
 */
export async function submissionCopyInput(tx: Queryable, tenant: string, app: Application, procedure: Procedure): Promise<SubmissionCopyInput> {
  if (!app.receiptNumber || !app.submittedAt) throw new Error('a draft has no submission copy');
  const form = await formVersion(tx, tenant, app.procedureId, app.formVersion);
  const [t] = await tx.query<{ name_ja: string }>('SELECT name_ja FROM tenants WHERE code = $1', [tenant]);
  return {
    municipality: t!.name_ja,
    procedureName: procedure.name,
    departmentName: procedure.department.name,
    receiptNumber: app.receiptNumber,
    submittedAt: app.submittedAt,
    formVersion: app.formVersion,
    form,
    answers: app.answers,
  };
}

/** What the decision notice of an application prints, or null when none was issued (render it with renderDecisionNotice). */
export async function decisionNoticeInput(tx: Queryable, tenant: string, app: Application, procedure: Procedure): Promise<DecisionNoticeInput | null> {
  const notice = await getIssuedNotice(tx, tenant, app.id);
  if (!notice || !app.receiptNumber || !app.submittedAt) return null;
  const form = await formVersion(tx, tenant, app.procedureId, app.formVersion);
  return { ...notice, addressee: applicantName(form, app.answers), procedureName: procedure.name, receiptNumber: app.receiptNumber, submittedAt: app.submittedAt };
}

/**
 * Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 6266 / RFC 5987), e.g.
 * `attachment; filename="application-copy-2026-000001.pdf"; filename*=UTF-8''%E7%94%B3…`.
 */
export function contentDisposition(name: Text, suffix: string): string {
  const ascii = `${name.en}-${suffix}`.replace(/[^A-Za-z0-9._-]/g, '_');
  const utf8 = encodeURIComponent(`${name.ja}_${suffix}`).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${utf8}`;
}

// The worker loads the notice in the job's transaction and draws the PDF after it has ended.
registerMailAttachmentSource(DECISION_NOTICE_SOURCE, async (tx: Queryable, cipher: TenantCipher, tenant: string, applicationId: string) => {
  const app = await getApplication(tx, cipher, tenant, applicationId);
  const procedure = app ? await getProcedureById(tx, tenant, app.procedureId) : null;
  const input = app && procedure ? await decisionNoticeInput(tx, tenant, app, procedure) : null;
  return input ? () => renderDecisionNotice(input) : null;
});
