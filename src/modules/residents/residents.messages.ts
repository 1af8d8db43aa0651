import { defineMessages } from '../../platform/i18n/index.ts';

export const residentMessages = defineMessages({
  // Sign-in chooser (/login)
  loginTitle: { ja: 'サインイン', en: 'Sign in' },
  loginLead: {
    ja: 'オンラインで手続をするには、サインインしてください。2つの方法があります。',
    en: 'Sign in to use online services. There are two ways to sign in.',
  },
  alreadySignedIn: { ja: 'すでにサインインしています。', en: 'You are already signed in.' },
  goToMyPage: { ja: 'マイページへ進む', en: 'Go to my page' },
  signedOut: { ja: 'サインアウトしました。', en: 'You have signed out.' },
  cardTitle: { ja: 'マイナンバーカードでサインイン', en: 'Sign in with your My Number Card' },
  cardExplain: {
    ja: 'スマートフォンの「デジタル認証アプリ」でマイナンバーカードを読み取り、ご本人であることを確認します。カードを受け取ったときに決めた4桁の暗証番号が必要です。',
    en: 'The Digital Authentication App on your smartphone reads your My Number Card to confirm who you are. You need the 4-digit PIN you set when you received the card.',
  },
  cardShares: {
    ja: 'サインインすると、カードに記録された氏名・住所・生年月日・性別（基本4情報）が市に伝わります。申請のたびに書く必要がなくなります。マイナンバー（個人番号）は伝わりません。',
    en: 'When you sign in, the name, address, date of birth and gender recorded on the card (the basic four items) are shared with the city, so you do not have to write them for each application. Your My Number itself is not shared.',
  },
  cardButton: { ja: 'マイナンバーカードでサインイン', en: 'Sign in with My Number Card' },
  emailTitle: { ja: 'メールアドレスでサインイン', en: 'Sign in with your email address' },
  emailExplain: {
    ja: 'カードをお持ちでない方や読み取れない方は、メールに届く6桁の確認コードでサインインできます。ただし、一部の手続には、マイナンバーカードでのサインインが必要です。',
    en: 'If you do not have the card or cannot read it, sign in with a 6-digit code sent to your email. Some procedures need the card, though.',
  },
  emailLabel: { ja: 'メールアドレス', en: 'Email address' },
  emailHint: { ja: '例: minato.taro@example.jp', en: 'For example: minato.taro@example.jp' },
  emailFormat: {
    ja: '{label}はメールアドレスの形式（例: name@example.jp）で入力してください。',
    en: 'Enter {label} as an email address, like name@example.jp.',
  },
  sendCode: { ja: '確認コードを送る', en: 'Send me a code' },

  // One-time code (/auth/email/verify)
  verifyTitle: { ja: '確認コードの入力', en: 'Enter your code' },
  codeSent: {
    ja: '{email} に6桁の確認コードを送りました。メールに書かれたコードを入力してください。コードの有効期限は10分です。',
    en: 'We sent a 6-digit code to {email}. Enter the code from the email. It is valid for 10 minutes.',
  },
  codeNotArrived: {
    ja: 'メールが届かないときは、迷惑メールのフォルダを確認するか、メールアドレスを確かめて、コードを送り直してください。',
    en: 'If the email does not arrive, check your spam folder, or check the address and ask for a new code.',
  },
  codeLabel: { ja: '確認コード（6桁の数字）', en: 'Code (6 digits)' },
  codeFormat: { ja: '{label}は6桁の数字で入力してください。', en: 'Enter {label} as 6 digits.' },
  codeWrong: {
    ja: '確認コードが違います。メールに書かれた6桁の数字を入力してください（あと{left}回入力できます）。',
    en: 'That code is not right. Enter the 6 digits from the email ({left} tries left).',
  },
  signIn: { ja: 'サインインする', en: 'Sign in' },
  requestNewCode: { ja: '確認コードを送り直す', en: 'Get a new code' },
  codeExpiredTitle: { ja: '確認コードの有効期限が切れました', en: 'Your code has expired' },
  codeExpired: {
    ja: '確認コードの有効期限（10分）が過ぎたか、すでに使われています。お手数ですが、もう一度コードを送ってください。',
    en: 'The code is more than 10 minutes old or has already been used. Please ask for a new code.',
  },
  tooManyTitle: { ja: '確認コードを5回まちがえました', en: 'Too many wrong codes' },
  tooMany: {
    ja: '安全のため、このコードは使えなくなりました。もう一度コードを送ってください。',
    en: 'For your security this code no longer works. Please ask for a new code.',
  },

  // The e-mail itself
  mailSubject: { ja: '【{city}】サインインの確認コード', en: '{city}: your sign-in code' },
  mailBody: {
    ja: '{city}のオンライン窓口へのサインインの確認コードです。\n\n確認コード: {code}\n\nこのコードの有効期限は10分です。コードは誰にも教えないでください。市の職員がコードをお尋ねすることはありません。\n心当たりがない場合は、このメールを破棄してください。\n\n入力画面: {url}',
    en: 'This is your code for signing in to {city} online services.\n\nCode: {code}\n\nThe code is valid for 10 minutes. Do not tell anyone the code; city staff will never ask for it.\nIf you did not try to sign in, you can ignore this email.\n\nEnter it here: {url}',
  },

  // Card sign-in problems
  cancelledTitle: { ja: 'サインインを取りやめました', en: 'You cancelled signing in' },
  cancelled: {
    ja: 'マイナンバーカードでのサインインは完了していません。もう一度サインインするか、メールアドレスでサインインできます。',
    en: 'You are not signed in with your My Number Card. You can try again or sign in with your email address.',
  },
  cardExpiredTitle: { ja: 'サインインの有効期限が切れました', en: 'This sign-in has expired' },
  cardExpired: {
    ja: 'サインインを始めてから時間がたったか、この画面がすでに使われています。お手数ですが、もう一度サインインしてください。',
    en: 'Too much time passed since you started, or this page was already used. Please sign in again.',
  },
  cardFailedTitle: { ja: 'マイナンバーカードでのサインインを完了できませんでした', en: 'We could not complete signing in with your My Number Card' },
  cardFailed: {
    ja: 'デジタル認証アプリからの応答を確認できませんでした。もう一度サインインしてください。続けて失敗するときは、市役所にお問い合わせください。',
    en: 'We could not verify the response from the Digital Authentication App. Please sign in again. If it keeps failing, please contact the city.',
  },
  cardUnavailable: {
    ja: 'ただいまデジタル認証アプリに接続できません。時間をおいてもう一度お試しいただくか、メールアドレスでサインインしてください。',
    en: 'We cannot reach the Digital Authentication App right now. Please try again later or sign in with your email address.',
  },
  cardNotConfigured: {
    ja: 'この自治体では、マイナンバーカードでのサインインをまだ利用できません。メールアドレスでサインインしてください。',
    en: 'This municipality does not offer sign-in with the My Number Card yet. Please sign in with your email address.',
  },
  tryAgain: { ja: 'もう一度サインインする', en: 'Sign in again' },
  mailUnavailable: {
    ja: 'ただいまメールを送れません。時間をおいてもう一度お試しください。',
    en: 'We cannot send email right now. Please try again later.',
  },

  // マイページ
  myPageTitle: { ja: 'マイページ', en: 'My page' },
  myPageLead: { ja: 'サインインしている方の情報です。', en: 'These are the details of the person signed in.' },
  profileTitle: { ja: '登録されている情報', en: 'Your details' },
  name: { ja: '氏名', en: 'Name' },
  address: { ja: '住所', en: 'Address' },
  birthdate: { ja: '生年月日', en: 'Date of birth' },
  gender: { ja: '性別', en: 'Gender' },
  email: { ja: 'メールアドレス', en: 'Email address' },
  female: { ja: '女性', en: 'Female' },
  male: { ja: '男性', en: 'Male' },
  notRecorded: { ja: '登録されていません', en: 'Not recorded' },
  cardOnlyItem: {
    ja: 'マイナンバーカードでサインインすると表示されます',
    en: 'Shown after you sign in with your My Number Card',
  },
  signInStatusTitle: { ja: 'サインインの状態', en: 'Your sign-in' },
  signInMethodTitle: { ja: 'サインインの方法', en: 'How you signed in' },
  methodCard: { ja: 'マイナンバーカード（デジタル認証アプリ）', en: 'My Number Card (Digital Authentication App)' },
  methodEmail: { ja: 'メールアドレスと確認コード', en: 'Email address and one-time code' },
  assuranceCard: { ja: 'カードで本人確認済み', en: 'Identity confirmed with the card' },
  assuranceCardExplain: {
    ja: 'マイナンバーカードでご本人であることを確認しています。すべての手続を利用できます。',
    en: 'Your identity was confirmed with your My Number Card. You can use every service.',
  },
  assuranceEmail: {
    ja: 'メールアドレスで確認済み（一部の手続には、マイナンバーカードでのサインインが必要です）',
    en: 'Confirmed by email (some procedures need you to sign in with your My Number Card)',
  },
  assuranceEmailExplain: {
    ja: 'メールアドレスを持っていることだけを確認しています。住民票の写しの請求など、ご本人の確認が必要な手続を使うときは、マイナンバーカードでサインインし直してください。',
    en: 'We only confirmed that you can read this email address. For procedures that need your identity, such as requesting a copy of your residence record, sign in again with your My Number Card.',
  },
  assuranceLevel: { ja: '確認の水準', en: 'Level of confirmation' },
  upgradeToCard: { ja: 'マイナンバーカードでサインインし直す', en: 'Sign in again with My Number Card' },
  signOut: { ja: 'サインアウト', en: 'Sign out' },
  signOutHint: {
    ja: '共用のパソコンやスマートフォンを使っているときは、終わったら必ずサインアウトしてください。',
    en: 'If you use a shared computer or phone, always sign out when you are done.',
  },
  sessionExpiredNotice: {
    ja: '一定時間操作がなかったため、安全のためサインアウトしました。もう一度サインインしてください。',
    en: 'You were signed out for your security after a period of inactivity. Please sign in again.',
  },
});
