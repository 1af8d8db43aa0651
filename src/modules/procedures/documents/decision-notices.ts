/**
 * Issuing decision notices (決定通知書・却下通知書). decideApplication calls issueDecisionNotice in
 * the decision's transaction: the notice gets the next document number of the year and the day's
 * date, and keeps the decision, reason, issuer and department as they are that day, so the PDF
 * rendered from it later (documents.service.ts) is always the same document. This file depends on
 * nothing of the applications so that applications.service.ts can use it without a cycle.
 */
import type { Queryable } from '../../../platform/db/index.ts';
import type { Text } from '../../../platform/i18n/index.ts';
import type { QueuedAttachment } from '../../../platform/mail/index.ts';
import { japanDay } from './document-dates.ts';
import { documentText as m } from './documents.messages.ts';

/** Name of the mail attachment source that renders a notice (registered in documents.service.ts). */
export const DECISION_NOTICE_SOURCE = 'procedures.decision-notice';

export interface DocumentIssuer {
  title: Text;
  name: Text;
}

async function municipality(tx: Queryable, tenant: string): Promise<Text> {
  const [row] = await tx.query<{ name_ja: string; name_en: string }>('SELECT name_ja, name_en FROM tenants WHERE code = $1', [tenant]);
  return { ja: row!.name_ja, en: row!.name_en };
}

/** Who signs notices: the stored mayor, else "<municipality>長" with no name. */
export async function documentIssuer(tx: Queryable, tenant: string): Promise<DocumentIssuer> {
  const [row] = await tx.query<{ mayor_title_ja: string; mayor_title_en: string; mayor_name_ja: string; mayor_name_en: string }>(
    'SELECT mayor_title_ja, mayor_title_en, mayor_name_ja, mayor_name_en FROM document_issuers WHERE tenant_id = $1',
    [tenant],
  );
  if (row) return { title: { ja: row.mayor_title_ja, en: row.mayor_title_en }, name: { ja: row.mayor_name_ja, en: row.mayor_name_en } };
  const t = await municipality(tx, tenant);
  return { title: { ja: `${t.ja}長`, en: `Mayor of ${t.en}` }, name: { ja: '', en: '' } };
}

/** Sets who signs the municipality's notices from now on (notices already issued keep theirs). */
export async function setDocumentIssuer(tx: Queryable, tenant: string, issuer: DocumentIssuer): Promise<void> {
  await tx.query(
    `INSERT INTO document_issuers (tenant_id, mayor_title_ja, mayor_title_en, mayor_name_ja, mayor_name_en) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (tenant_id) DO UPDATE SET mayor_title_ja = $2, mayor_title_en = $3, mayor_name_ja = $4, mayor_name_en = $5, updated_at = now()`,
    [tenant, issuer.title.ja, issuer.title.en, issuer.name.ja, issuer.name.en],
  );
}

export interface IssuedNotice {
  documentNumber: string;
  /** YYYY-MM-DD (Japan). */
  issuedOn: string;
  decision: 'accepted' | 'rejected';
  reason: string;
  municipality: string;
  /** "みなと野市長 港野 一郎" as printed (an ideographic space between title and name). */
  issuer: string;
  issuerTitle: string;
  department: string;
  contactPhone: string;
}

/**
 * Issues the notice of a decided application, in the decision's transaction. Idempotent: a
 * second call returns the notice already issued and changes nothing.
 */
export async function issueDecisionNotice(tx: Queryable, tenant: string, input: { applicationId: string; decision: 'accepted' | 'rejected'; reason: string; at?: Date }): Promise<IssuedNotice> {
  const existing = await getIssuedNotice(tx, tenant, input.applicationId);
  if (existing) return existing;
  const issuedOn = japanDay(input.at ?? new Date());
  const year = Number(issuedOn.slice(0, 4));
  const [counter] = await tx.query<{ last: number }>(
    `INSERT INTO notice_counters (tenant_id, year, last) VALUES ($1, $2, 1)
     ON CONFLICT (tenant_id, year) DO UPDATE SET last = notice_counters.last + 1 RETURNING last`,
    [tenant, year],
  );
  const [dept] = await tx.query<{ name_ja: string; name_en: string; contact_phone: string }>(
    `SELECT d.name_ja, d.name_en, p.contact_phone FROM applications a
     JOIN procedures p ON p.tenant_id = a.tenant_id AND p.id = a.procedure_id
     JOIN departments d ON d.tenant_id = p.tenant_id AND d.id = p.department_id
     WHERE a.tenant_id = $1 AND a.id = $2`,
    [tenant, input.applicationId],
  );
  if (!dept) throw new Error(`application ${input.applicationId} not found`);
  const documentNumber = `${dept.name_ja} 第${year}-${String(counter!.last).padStart(6, '0')}号`;
  const issuer = await documentIssuer(tx, tenant);
  const t = await municipality(tx, tenant);
  await tx.query(
    `INSERT INTO decision_notices (tenant_id, application_id, document_number, issued_on, decision, reason, municipality_ja, municipality_en,
       issuer_title_ja, issuer_title_en, issuer_name_ja, issuer_name_en, department_ja, department_en, contact_phone)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
    [tenant, input.applicationId, documentNumber, issuedOn, input.decision, input.reason, t.ja, t.en, issuer.title.ja, issuer.title.en, issuer.name.ja, issuer.name.en, dept.name_ja, dept.name_en, dept.contact_phone],
  );
  return (await getIssuedNotice(tx, tenant, input.applicationId))!;
}

/** The notice issued for an application, or null when it has none (not decided yet). */
export async function getIssuedNotice(tx: Queryable, tenant: string, applicationId: string): Promise<IssuedNotice | null> {
  const [row] = await tx.query<{
    document_number: string;
    issued_on: string;
    decision: 'accepted' | 'rejected';
    reason: string;
    municipality_ja: string;
    issuer_title_ja: string;
    issuer_name_ja: string;
    department_ja: string;
    contact_phone: string;
  }>(
    `SELECT document_number, issued_on::text AS issued_on, decision, reason, municipality_ja, issuer_title_ja, issuer_name_ja, department_ja, contact_phone
     FROM decision_notices WHERE tenant_id = $1 AND application_id = $2`,
    [tenant, applicationId],
  );
  if (!row) return null;
  return {
    documentNumber: row.document_number,
    issuedOn: row.issued_on,
    decision: row.decision,
    reason: row.reason,
    municipality: row.municipality_ja,
    issuer: row.issuer_name_ja ? `${row.issuer_title_ja}\u3000${row.issuer_name_ja}` : row.issuer_title_ja,
    issuerTitle: row.issuer_title_ja,
    department: row.department_ja,
    contactPhone: row.contact_phone,
  };
}

/** The attachment to put on the decision mail: the notice, rendered by the worker when it sends. */
export function decisionNoticeAttachment(applicationId: string, receiptNumber: string): QueuedAttachment {
  return { filename: `${m.noticeFile.ja}_${receiptNumber}.pdf`, contentType: 'application/pdf', source: DECISION_NOTICE_SOURCE, ref: applicationId };
}
