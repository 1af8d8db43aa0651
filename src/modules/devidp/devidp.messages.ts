import { defineMessages } from '../../platform/i18n/index.ts';

/** The development identity provider's pages show Japanese and English side by side. */
export const devIdpMessages = defineMessages({
  title: { ja: 'デジタル認証アプリ（開発用の模擬）', en: 'Digital Authentication App (development stand-in)' },
  devNotice: {
    ja: 'これは開発・試験用の模擬サービスです。マイナンバーカードは使わず、下の架空の住民から1人を選んでサインインします。',
    en: 'This is a stand-in for development and testing. No My Number Card is read: choose one of the fictional residents below.',
  },
  requestedBy: { ja: '{client} が、次の情報の提供を求めています。', en: '{client} asks for the following information.' },
  requestedItems: { ja: '氏名・住所・生年月日・性別（基本4情報）', en: 'Name, address, date of birth and gender (the basic four items)' },
  choosePerson: { ja: 'サインインする人を選んでください', en: 'Choose who is signing in' },
  signInAs: { ja: '{name} としてサインイン', en: 'Sign in as {name}' },
  name: { ja: '氏名', en: 'Name' },
  kana: { ja: 'ふりがな', en: 'Reading' },
  birthdate: { ja: '生年月日', en: 'Date of birth' },
  gender: { ja: '性別', en: 'Gender' },
  address: { ja: '住所', en: 'Address' },
  female: { ja: '女', en: 'Female' },
  male: { ja: '男', en: 'Male' },
  cancelTitle: { ja: 'サインインしない場合', en: 'If you do not want to sign in' },
  cancel: { ja: 'キャンセルして戻る', en: 'Cancel and go back' },
  unknownPerson: { ja: '選んだ人が見つかりません。一覧から選び直してください。', en: 'That person is not on the list. Please choose again.' },
  errorTitle: { ja: 'サインインを続けられません', en: 'Sign-in cannot continue' },
  interactionExpired: {
    ja: 'このサインインの手続は期限が切れたか、すでに終わっています。元のサービスに戻って、もう一度サインインを始めてください。',
    en: 'This sign-in has expired or is already finished. Go back to the service and start signing in again.',
  },
  requestRejected: {
    ja: 'サインインの要求が正しくありません（{error}）。元のサービスに戻って、もう一度お試しください。',
    en: 'The sign-in request is not valid ({error}). Go back to the service and try again.',
  },
  serverError: {
    ja: '模擬サービスで問題が発生しました。時間をおいてもう一度お試しください。',
    en: 'Something went wrong in the stand-in service. Please try again later.',
  },
  notFound: { ja: 'ページが見つかりません。', en: 'Page not found.' },
});
