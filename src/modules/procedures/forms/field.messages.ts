import { defineMessages } from '../../../platform/i18n/index.ts';

/** Texts of the postal code, bank account and file fields. */
export const fieldText = defineMessages({
  findAddress: { ja: '住所を検索', en: 'Find the address' },
  findAddressHint: { ja: '郵便番号を入力して「住所を検索」を押すと、住所の町名までが入ります。番地や部屋番号は続けて入力してください。', en: 'Enter the postal code and press “Find the address” to fill in the address up to the town. Then add the block and room number.' },
  addressFilled: { ja: '郵便番号から住所を入れました。番地・部屋番号を続けて入力してください。', en: 'We filled in the address from the postal code. Add the block and room number.' },
  addressCandidates: { ja: 'この郵便番号には次の町域があります: {towns}', en: 'This postal code covers: {towns}' },
  postalNotFound: { ja: '「{label}」{code} に当たる住所が見つかりません。郵便番号を確かめるか、住所を直接入力してください。', en: 'No address found for {label} {code}. Check the postal code or type the address yourself.' },
  postalInvalid: { ja: '「{label}」は7桁の数字で入力してから「住所を検索」を押してください（例: 123-4567）。', en: 'Enter {label} as 7 digits, like 123-4567, then press “Find the address”.' },
  bankHint: { ja: '通帳やキャッシュカードに書かれた金融機関コード（4桁）・支店コード（3桁）を入力してください。ゆうちょ銀行は、記号・番号ではなく、振込用の店番（3桁）と口座番号（7桁）を入力してください（金融機関コード 9900）。', en: 'Enter the 4-digit bank code and 3-digit branch code shown on your passbook or cash card. For Japan Post Bank, enter the branch number (3 digits) and account number (7 digits) for transfers from other banks, not the symbol and number (bank code 9900).' },
  bankFound: { ja: '金融機関: {bank}（{code}）', en: 'Bank: {bank} ({code})' },
  branchFound: { ja: '支店: {branch}（{code}）', en: 'Branch: {branch} ({code})' },
  bankUnknown: { ja: '金融機関コード {code} の金融機関は見つかりません。', en: 'No bank has the code {code}.' },
  branchUnknown: { ja: '支店コード {code} の支店は見つかりません。', en: 'No branch has the code {code}.' },
  accountNumberHint: { ja: '7桁に満たない場合は、そのまま入力してください（前に0を補います）。', en: 'If it has fewer than 7 digits, enter it as it is (we add zeros in front).' },
  holderHint: { ja: '通帳に書かれたとおりカタカナで入力してください（例: ヨシダ ハナコ）。', en: 'In katakana, as written in your passbook, like ヨシダ ハナコ.' },
  fileHint: { ja: '{kinds}、1ファイル{size}まで。', en: '{kinds}, up to {size} per file.' },
  fileKindsBoth: { ja: 'PDFまたは画像（JPEG・PNG・WebP）', en: 'A PDF or an image (JPEG, PNG or WebP)' },
  fileKindsPdf: { ja: 'PDF', en: 'A PDF' },
  fileKindsImage: { ja: '画像（JPEG・PNG・WebP）', en: 'An image (JPEG, PNG or WebP)' },
  fileAttached: { ja: '添付済みのファイル', en: 'Attached files' },
  fileReplace: { ja: '選ぶと、添付済みのファイルと置き換わります。', en: 'Choosing a file replaces the attached one.' },
  fileRemove: { ja: '「{name}」を取り除く', en: 'Remove “{name}”' },
  fileRemoved: { ja: 'ファイルを取り除きました。', en: 'The file was removed.' },
  fileNone: { ja: 'まだ添付されていません。', en: 'No file attached yet.' },
  fileUpload: { ja: 'ファイルを添付する', en: 'Attach the file' },
});
