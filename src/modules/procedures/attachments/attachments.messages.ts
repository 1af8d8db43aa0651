import { defineMessages } from '../../../platform/i18n/index.ts';

/** Texts of attachments sent through the resident API and replaced in a 補正. */
export const attachmentText = defineMessages({
  noFile: { ja: '送るファイルを「file」に入れてください。', en: 'Put the file to send in "file".' },
  unknownProcedure: { ja: '「{slug}」という手続はありません。', en: 'There is no procedure "{slug}".' },
  noOnlineForm: { ja: 'この手続はオンラインで申請できません。', en: 'This procedure cannot be applied for online.' },
  notFileField: { ja: '「{name}」という添付ファイルの項目は、この手続の様式にありません。', en: 'The form of this procedure has no file field "{name}".' },
  tooManyPending: {
    ja: 'まだ申請に使っていない添付ファイルが多すぎます（{n}件まで）。申請に使うか、アップロードから24時間たって削除されるのを待ってください。',
    en: 'You hold too many files not yet used in an application (up to {n}). Use them, or wait until they are deleted 24 hours after upload.',
  },
  notIds: {
    ja: '「{label}」には、添付ファイルのアップロード（POST /api/resident/v1/attachments）で受け取ったIDを指定してください。',
    en: 'For {label}, give the ids returned by the attachment upload (POST /api/resident/v1/attachments).',
  },
  tooMany: { ja: '「{label}」は{n}ファイルまでです。', en: '{label} allows at most {n} files.' },
  unusable: {
    ja: '「{label}」の添付ファイル {id} は使えません。この手続のこの項目のためにあなたがアップロードし、まだほかの申請に使っていないファイルのID（アップロードから24時間以内）を指定してください。',
    en: 'The file {id} cannot be used for {label}. Give the id of a file you uploaded for this field of this procedure, not used by another application, within 24 hours of uploading it.',
  },
  replacement: { ja: '差し替えるファイル: {name}（{size}）。「再提出する」を押すと置き換わります。', en: 'Replacement: {name} ({size}). It replaces the attached file when you press “Send again”.' },
  chooseAgain: { ja: '「{label}」の差し替えファイルが見つかりません（保存期限の24時間が過ぎた可能性があります）。もう一度選んでください。', en: 'The replacement file for {label} is no longer there (it may have been kept longer than 24 hours). Choose it again.' },
  replaceHint: { ja: '新しいファイルを選ぶと、いま添付されているファイルと置き換わります。選ばなければ、いまのファイルのまま再提出します。', en: 'A new file replaces the attached one. If you choose none, the attached file is re-submitted as it is.' },
  replacedTitle: { ja: '補正で差し替えられたファイル', en: 'Files replaced in a correction' },
  replacedAt: { ja: '{date}に差し替え', en: 'replaced {date}' },
});
