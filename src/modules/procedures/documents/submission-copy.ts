/**
 * 申請書の控え: a PDF of exactly what was submitted, drawn from the stored answers and the form
 * version the application records, so it is the same document whenever it is downloaded. Answers
 * read as on the check page (option labels, 和暦 dates, each item of a repeating group).
 */
import { format, type Text } from '../../../platform/i18n/index.ts';
import type { FormDefinition } from '../forms/form-definition.ts';
import { isShown, type RawAnswers } from '../forms/form-validation.ts';
import { applicationText } from '../procedures.messages.ts';
import { displayValue } from '../views/application-form.tsx';
import { warekiDateTime } from './document-dates.ts';
import { documentText as m } from './documents.messages.ts';
import { PdfWriter } from './pdf.ts';

export interface SubmissionCopyInput {
  municipality: string;
  procedureName: Text;
  departmentName: Text;
  receiptNumber: string;
  submittedAt: Date;
  formVersion: number;
  form: FormDefinition;
  answers: RawAnswers;
}

const both = (t: Text) => `${t.ja} ${t.en}`;

export function renderSubmissionCopy(input: SubmissionCopyInput): Promise<Buffer> {
  const pdf = new PdfWriter({
    title: `${m.copyTitle.ja}（${input.procedureName.ja}）`,
    runningHeader: `${m.copyTitle.ja}\u3000${input.procedureName.ja}\u3000${m.receiptNumber.ja} ${input.receiptNumber}`,
    createdAt: input.submittedAt,
    author: input.municipality,
  });
  pdf.title(`${m.copyTitle.ja} / ${m.copyTitle.en}`);
  pdf.paragraph(m.copyLead.ja, { size: 9.5 });
  pdf.space(0.5);
  pdf.row(both(m.municipality), input.municipality);
  pdf.row(both(m.procedure), input.procedureName.ja);
  pdf.row(both(m.department), input.departmentName.ja);
  pdf.row(both(m.receiptNumber), input.receiptNumber);
  pdf.row(both(m.submittedAt), warekiDateTime(input.submittedAt));
  pdf.row(both(m.formVersion), format(m.formVersionValue.ja, { version: input.formVersion }));
  const answers = input.answers;
  for (const section of input.form.sections) {
    pdf.heading(section.title.ja);
    for (const f of section.fields.filter((x) => isShown(x, answers, answers))) {
      if (f.type !== 'group') {
        pdf.row(f.label.ja, displayValue(f, answers[f.name], 'ja'));
        continue;
      }
      const items = Array.isArray(answers[f.name]) ? (answers[f.name] as Record<string, string>[]) : [];
      if (!items.length) pdf.row(f.label.ja, displayValue(f, '', 'ja'));
      items.forEach((item, i) => {
        pdf.subheading(format(applicationText.itemHeading.ja, { item: (f.itemLabel ?? f.label).ja, n: i + 1 }), 8);
        for (const g of (f.fields ?? []).filter((x) => isShown(x, item, answers))) pdf.row(g.label.ja, displayValue(g, item[g.name], 'ja'), 16);
      });
    }
  }
  return pdf.finish();
}
