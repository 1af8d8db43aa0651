import { defineMessages } from '../../../platform/i18n/index.ts';

/** Texts printed on the submission copy (申請書の控え) and the decision notice, and their links. */
export const documentText = defineMessages({
  copyTitle: { ja: '申請書の控え', en: 'Copy of your application' },
  copyLead: {
    ja: 'この控えは、オンラインで送信された申請の内容を、送信時の様式のとおりに記載したものです。',
    en: 'This copy shows the application exactly as it was submitted online, in the form version used.',
  },
  municipality: { ja: '提出先', en: 'Submitted to' },
  procedure: { ja: '手続', en: 'Procedure' },
  department: { ja: '担当課', en: 'Department' },
  receiptNumber: { ja: '受付番号', en: 'Receipt number' },
  submittedAt: { ja: '申請日時', en: 'Submitted' },
  formVersion: { ja: '様式', en: 'Form version' },
  formVersionValue: { ja: '第{version}版', en: 'Version {version}' },
  downloadCopy: { ja: '申請書の控え（PDF）をダウンロード', en: 'Download a copy of your application (PDF)' },
  staffCopy: { ja: '申請書の控え（PDF）', en: 'Copy of the application (PDF)' },
  staffNotice: { ja: '通知書（PDF）', en: 'Decision notice (PDF)' },
  noticeInList: { ja: '通知書（PDF、受付番号 {receipt}）', en: 'Notice (PDF, receipt {receipt})' },
  downloadNotice: { ja: '通知書（PDF）をダウンロード', en: 'Download the decision notice (PDF)' },
  copyFile: { ja: '申請書控え', en: 'application-copy' },
  noticeFile: { ja: '通知書', en: 'decision-notice' },

  noticeAccepted: { ja: '決定通知書', en: 'Notice of decision' },
  noticeRejected: { ja: '却下通知書', en: 'Notice of rejection' },
  addressee: { ja: '{name} 様', en: '{name}' },
  regarding: { ja: '{procedure}について（通知）', en: 'Regarding your application: {procedure}' },
  noticeLeadAccepted: {
    ja: '{date}付けで申請のあった{procedure}について、審査の結果、次のとおり決定しましたので通知します。',
    en: 'Your application for {procedure} of {date} has been examined and decided as follows.',
  },
  noticeLeadRejected: {
    ja: '{date}付けで申請のあった{procedure}について、審査の結果、次の理由により却下しましたので通知します。',
    en: 'Your application for {procedure} of {date} has been examined and rejected for the reason below.',
  },
  decision: { ja: '決定内容', en: 'Decision' },
  decisionAccepted: { ja: '承認', en: 'Approved' },
  decisionRejected: { ja: '却下', en: 'Rejected' },
  decidedOn: { ja: '決定日', en: 'Date of decision' },
  reason: { ja: '理由', en: 'Reason' },
  remarks: { ja: '備考', en: 'Remarks' },
  none: { ja: 'なし', en: 'None' },
  contact: { ja: '問合せ先', en: 'Contact' },
  contactValue: { ja: '{department}（電話 {phone}）', en: '{department} (phone {phone})' },
  // 行政不服審査法 第82条: an adverse decision must tell how to appeal (教示).
  appealTitle: { ja: '教示', en: 'How to appeal' },
  appeal: {
    ja: '1　この決定に不服がある場合は、この決定があったことを知った日の翌日から起算して3か月以内に、{issuer}に対して審査請求をすることができます。\n2　この決定の取消しを求める訴えは、この決定があったことを知った日の翌日から起算して6か月以内に、{municipality}を被告として（訴訟において{municipality}を代表する者は{issuer}となります。）提起することができます。',
    en: '1. If you disagree with this decision you may request a review by {issuer} within three months from the day after you learned of it.\n2. An action for its revocation may be brought against {municipality} within six months from the day after you learned of it.',
  },
});
