import { defineMessages } from '../../platform/i18n/index.ts';

export const portalMessages = defineMessages({
  welcome: { ja: '{city}のオンライン窓口へようこそ', en: 'Welcome to {city} online services' },
  lead: {
    ja: '市役所に来なくても、スマートフォンやパソコンから手続や相談ができます。マイナンバーカードでサインインすると、住所や氏名を毎回書く必要はありません。',
    en: 'Do your procedures and ask questions from your phone or computer, without coming to city hall. Sign in with your My Number Card and you will not have to write your name and address every time.',
  },
  signInCta: { ja: 'サインインする', en: 'Sign in' },
  myPageCta: { ja: 'マイページを見る', en: 'Go to my page' },
  servicesTitle: { ja: 'できること', en: 'What you can do here' },
  serviceMyPage: { ja: 'マイページ', en: 'My page' },
  serviceMyPageText: { ja: 'サインインした方の登録情報を確認できます。', en: 'See the details we hold for the signed-in person.' },
  serviceSignIn: { ja: 'マイナンバーカードでサインイン', en: 'Sign in with your My Number Card' },
  serviceSignInText: {
    ja: 'デジタル認証アプリでご本人を確認します。カードがない方はメールアドレスでもサインインできます（一部の手続は利用できません）。',
    en: 'We confirm who you are with the Digital Authentication App. Without a card you can sign in with your email address (some procedures need the card).',
  },
  contactTitle: { ja: 'お問い合わせ', en: 'Contact' },
  contactText: { ja: '操作がわからないときは、市役所の窓口または電話でお気軽にお尋ねください。', en: 'If you need help, ask at the city hall counter or by phone.' },
  accessibilityTitle: { ja: 'アクセシビリティ方針', en: 'Accessibility policy' },
  accessibilityBody: {
    ja: 'このサイトは、日本産業規格 JIS X 8341-3:2016 の適合レベル AA に準拠することを目標にしています。キーボードだけでも、JavaScript を無効にしても、すべての手続を利用できるように作っています。自動試験（axe-core）をすべての画面で行い、違反がないことを確認しています。使いにくい点があれば、お問い合わせください。',
    en: 'This site aims to conform to JIS X 8341-3:2016 level AA (WCAG 2.1 AA). Every service works with a keyboard alone and with JavaScript turned off. Every page we build is tested automatically with axe-core and must show no violations. Please tell us about anything that is hard to use.',
  },
  privacyTitle: { ja: '個人情報の取り扱い', en: 'How we handle personal information' },
  privacyBody: {
    ja: 'サインインで受け取る氏名・住所・生年月日・性別（基本4情報）とメールアドレスは、手続のためにだけ使います。これらは自治体ごとの鍵で暗号化して保存し、職員が閲覧した記録はすべて改ざんできない形で残ります。',
    en: 'Your name, address, date of birth and gender (the basic four items) and your email address are used only for your procedures. They are stored encrypted with a key of this municipality alone, and every time staff view them is recorded in a log that cannot be altered.',
  },
});
