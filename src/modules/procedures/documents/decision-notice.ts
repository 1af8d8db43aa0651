/**
 * 決定通知書 / 却下通知書: the notice of a decision on an application, laid out as Japanese official
 * notices are (document number and date top right, addressee, issuer, subject, body, 記, 教示 for a
 * rejection). Everything printed comes from the stored notice row and the submitted answers, so a
 * notice downloaded again later is the same document.
 */
import { format, type Text } from '../../../platform/i18n/index.ts';
import { dayToDate, warekiDate, warekiDay } from './document-dates.ts';
import { documentText as m } from './documents.messages.ts';
import { PdfWriter } from './pdf.ts';

export interface DecisionNoticeInput {
  municipality: string;
  issuerTitle: string;
  addressee: string;
  procedureName: Text;
  receiptNumber: string;
  submittedAt: Date;
  documentNumber: string;
  /** YYYY-MM-DD (Japan). */
  issuedOn: string;
  decision: 'accepted' | 'rejected';
  reason: string;
  issuer: string;
  department: string;
  contactPhone: string;
}

export function renderDecisionNotice(n: DecisionNoticeInput): Promise<Buffer> {
  const title = n.decision === 'accepted' ? m.noticeAccepted : m.noticeRejected;
  const issued = dayToDate(n.issuedOn);
  const pdf = new PdfWriter({
    title: `${title.ja}（${n.procedureName.ja}）`,
    runningHeader: `${title.ja}\u3000${n.documentNumber}\u3000${m.receiptNumber.ja} ${n.receiptNumber}`,
    createdAt: issued,
    author: n.issuer,
  });
  pdf.paragraph(n.documentNumber, { align: 'right' });
  pdf.paragraph(warekiDay(issued), { align: 'right' });
  pdf.space();
  pdf.paragraph(format(m.addressee.ja, { name: n.addressee }), { size: 13 });
  pdf.space();
  pdf.paragraph(n.issuer, { align: 'right', size: 12 });
  pdf.space(1.5);
  pdf.title(`${format(m.regarding.ja, { procedure: n.procedureName.ja })}`);
  pdf.paragraph(title.ja, { align: 'center', bold: true, size: 12 });
  pdf.space();
  const lead = n.decision === 'accepted' ? m.noticeLeadAccepted : m.noticeLeadRejected;
  pdf.paragraph(`\u3000${format(lead.ja, { date: warekiDay(n.submittedAt), procedure: n.procedureName.ja })}`);
  pdf.space();
  pdf.paragraph('記', { align: 'center' });
  pdf.space(0.5);
  pdf.row(m.receiptNumber.ja, n.receiptNumber);
  pdf.row(m.procedure.ja, n.procedureName.ja);
  pdf.row(m.decision.ja, n.decision === 'accepted' ? m.decisionAccepted.ja : m.decisionRejected.ja);
  pdf.row(m.decidedOn.ja, warekiDate(issued));
  pdf.row(n.decision === 'accepted' ? m.remarks.ja : m.reason.ja, n.reason || m.none.ja);
  pdf.row(m.contact.ja, n.contactPhone ? format(m.contactValue.ja, { department: n.department, phone: n.contactPhone }) : n.department);
  if (n.decision === 'rejected') {
    pdf.heading(m.appealTitle.ja);
    pdf.paragraph(format(m.appeal.ja, { issuer: n.issuerTitle, municipality: n.municipality }), { size: 9.5 });
  }
  return pdf.finish();
}
