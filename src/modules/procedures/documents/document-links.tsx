/** Links to an application's PDF documents, for the resident's application page and the staff case page. */
import { format, type Locale } from '../../../platform/i18n/index.ts';
import { tx } from '../../../platform/ui/index.ts';
import { documentText as m } from './documents.messages.ts';

const DECIDED = new Set(['accepted', 'rejected']);

/** `base` is "/mypage/applications/<id>" for the applicant or "/staff/cases/<id>" for staff (`staff` words the links for them). */
export function DocumentLinks(p: { base: string; status: string; l: Locale; staff?: boolean }) {
  if (p.status === 'draft') return null;
  return (
    <ul class="document-links">
      <li>
        <a href={`${p.base}/copy.pdf`} download>
          {tx(p.staff ? m.staffCopy : m.downloadCopy, p.l)}
        </a>
      </li>
      {DECIDED.has(p.status) ? (
        <li>
          <a href={`${p.base}/notice.pdf`} download>
            {tx(p.staff ? m.staffNotice : m.downloadNotice, p.l)}
          </a>
        </li>
      ) : null}
    </ul>
  );
}

/** The notice link of one decided application in a list (its receipt number tells the links apart). */
export function NoticeLink(p: { base: string; status: string; receiptNumber: string | null; l: Locale }) {
  if (!DECIDED.has(p.status) || !p.receiptNumber) return null;
  return (
    <>
      {' '}
      <a href={`${p.base}/notice.pdf`} download>
        {format(tx(m.noticeInList, p.l), { receipt: p.receiptNumber })}
      </a>
    </>
  );
}
