/** Every sentence the notify module shows or sends, Japanese first with English beside it. */
import { defineMessages } from '../../platform/i18n/index.ts';

export const broadcastLabels = {
  tenant: { ja: '自治体コード', en: 'municipality code' },
  'source.id': { ja: '元の記事のID', en: 'source id' },
  topic: { ja: '分野', en: 'topic' },
  areas: { ja: '地区', en: 'areas' },
  'title.ja': { ja: '件名（日本語）', en: 'title (Japanese)' },
  'title.easy': { ja: '件名（やさしい日本語）', en: 'title (easy Japanese)' },
  'title.en': { ja: '件名（英語）', en: 'title (English)' },
  'body.ja': { ja: '本文（日本語）', en: 'body (Japanese)' },
  'body.easy': { ja: '本文（やさしい日本語）', en: 'body (easy Japanese)' },
  'body.en': { ja: '本文（英語）', en: 'body (English)' },
  url: { ja: 'ページのURL', en: 'page URL' },
};

/** broadcast()'s rule for a title or body over its limit; {max} is the limit in characters. */
export const broadcastTooLong = {
  ja: '{label}は{max}文字以内にしてください（𠮷 のような文字も1文字と数えます）。長い文章は、抜粋を送り全文はページへのリンクで案内してください。',
  en: '{label} must be {max} characters or fewer (a character such as 𠮷 counts as one). Send an excerpt of a longer text and link to the page for the full text.',
};

/** The line after an excerpt that broadcast text was cut to: the full text is on the linked page. */
export const excerptNote = {
  ja: '（全文はリンク先のページでご覧ください。）',
  easy: '（ぜんぶは リンクの ページで 読んで ください）',
  en: '(Read the full text on the page at the link.)',
};

export const progressText = defineMessages({
  title: { ja: '配信の状況', en: 'Delivery' },
  none: { ja: 'まだ配信していません。', en: 'Nothing has been sent yet.' },
  running: { ja: '配信中', en: 'Sending' },
  done: { ja: '配信完了', en: 'Finished' },
  tableCaption: { ja: '配信方法ごとの件数', en: 'Counts per channel' },
  channel: { ja: '配信方法', en: 'Channel' },
  queued: { ja: '待機中', en: 'Queued' },
  sent: { ja: '送信済み', en: 'Sent' },
  retrying: { ja: '再送待ち', en: 'Retrying' },
  failed: { ja: '失敗', en: 'Failed' },
  retried: { ja: '再送したもの（うち数）', en: 'Retried (of the above)' },
  deadLetter: { ja: '送信できず（再送終了）', en: 'Dead letter' },
  suppressed: { ja: '配信停止済み', en: 'Suppressed' },
  refresh: { ja: '更新', en: 'Refresh' },
});

export const prefsLabels = {
  email: { ja: 'メールアドレス', en: 'e-mail address' },
  topics: { ja: '受け取る情報の分野', en: 'topics' },
  areas: { ja: '地区', en: 'areas' },
  language: { ja: '言語', en: 'language' },
};

export const mailText = {
  more: { ja: '詳しくはこちら:', en: 'Read more:' },
  footerManage: { ja: '配信内容（分野・地区・言語）の変更:', en: 'Change topics, areas or language:' },
  footerUnsubscribe: { ja: '配信停止:', en: 'Unsubscribe:' },
};

/** The footer of every LINE message, before the person's own manage link. */
export const lineFooter = { ja: '配信内容の変更・配信停止:', en: 'Change or stop these messages:' };

export const confirmMail = {
  subject: { ja: '【登録の確認】お知らせメールの配信登録', en: 'Please confirm your subscription' },
  body: {
    ja: 'お知らせメールの配信登録を受け付けました。\n次のリンクを開いて「登録を完了する」を押すと、配信が始まります（48時間有効）。\n\n{url}\n\n心当たりがない場合は、このメールを破棄してください。登録は完了しません。',
    en: 'We received a request to send you notices by e-mail.\nOpen this link and press "Confirm" to start (valid for 48 hours):\n\n{url}\n\nIf this was not you, ignore this mail; nothing will be sent.',
  },
};

export const alreadyMail = {
  subject: { ja: 'お知らせメールはすでに登録されています', en: 'You are already subscribed' },
  body: {
    ja: 'このメールアドレスはすでに配信登録されています。\n分野・地区・言語の変更や配信停止は、次のリンクからできます。\n\n{url}',
    en: 'This address is already subscribed.\nChange topics, areas or language, or unsubscribe, here:\n\n{url}',
  },
};

export const pageText = defineMessages({
  linkTitle: { ja: 'お知らせ・防災情報の受け取り', en: 'Get notices and disaster alerts' },
  linkDescription: { ja: '防災・子育てなどの情報を、メール・プッシュ通知・LINEで受け取れます。', en: 'Receive disaster alerts, child-rearing news and more by e-mail, push or LINE.' },
  myLinkTitle: { ja: '配信登録の管理', en: 'My subscriptions' },
  myLinkDescription: { ja: '受け取っているお知らせの分野・地区・言語を変更できます。', en: 'Change the topics, areas and language of what you receive.' },
  subscribeTitle: { ja: 'お知らせ・防災情報の受け取り', en: 'Get notices and disaster alerts' },
  subscribeLead: {
    ja: '選んだ分野と地区の情報をお届けします。アカウントは不要です。いつでも配信を止められます。',
    en: 'We send you news for the topics and areas you choose. No account needed. Stop at any time.',
  },
  topicsLegend: { ja: '受け取る情報の分野（1つ以上）', en: 'Topics (choose at least one)' },
  areasLegend: { ja: '地区（選ばなければ市内全域）', en: 'Areas (none chosen: the whole city)' },
  languageLegend: { ja: '言語', en: 'Language' },
  emailTitle: { ja: 'メールで受け取る', en: 'By e-mail' },
  emailLabel: { ja: 'メールアドレス', en: 'E-mail address' },
  emailHint: { ja: '確認のメールを送ります。メール内のリンクを開くと登録が完了します。', en: 'We send a confirmation mail; the subscription starts when you open its link.' },
  emailSubmit: { ja: '確認メールを送る', en: 'Send confirmation mail' },
  pushTitle: { ja: 'プッシュ通知で受け取る', en: 'By push notification' },
  pushLead: {
    ja: 'このブラウザーに通知を表示します。ボタンを押すと、ブラウザーが通知の許可を求めます。',
    en: 'Shows notifications in this browser. When you press the button, the browser asks for permission.',
  },
  pushButton: { ja: 'このブラウザーで通知を受け取る', en: 'Get notifications in this browser' },
  pushNoScript: {
    ja: 'プッシュ通知にはJavaScriptが必要です。JavaScriptを使わない場合は、メールでの受け取りをご利用ください。',
    en: 'Push notifications need JavaScript. Without it, please subscribe by e-mail.',
  },
  pushUnsupported: { ja: 'このブラウザーはプッシュ通知に対応していません。メールでの受け取りをご利用ください。', en: 'This browser does not support push notifications. Please subscribe by e-mail.' },
  pushDenied: { ja: '通知が許可されませんでした。ブラウザーの設定で許可するか、メールでの受け取りをご利用ください。', en: 'Notifications were not allowed. Allow them in the browser settings, or subscribe by e-mail.' },
  pushDone: { ja: 'このブラウザーで通知を受け取る設定をしました。', en: 'This browser will now receive notifications.' },
  pushFailed: { ja: '登録できませんでした。時間をおいてもう一度お試しください。', en: 'Could not subscribe. Please try again later.' },
  lineTitle: { ja: 'LINEで受け取る', en: 'On LINE' },
  lineLead: { ja: '市のLINE公式アカウントを友だち追加すると、防災情報が届きます。ブロックすると配信が止まります。', en: 'Add the city\'s official LINE account as a friend to receive disaster alerts. Block it to stop.' },
  sentTitle: { ja: '確認メールを送りました', en: 'Check your e-mail' },
  sentLead: {
    ja: '入力されたアドレスに確認のメールを送りました。メール内のリンクを開いて、登録を完了してください（48時間有効）。',
    en: 'We sent a confirmation mail to the address you entered. Open its link to finish (valid for 48 hours).',
  },
  confirmTitle: { ja: '配信登録の確認', en: 'Confirm your subscription' },
  confirmLead: { ja: '次のボタンを押すと、配信登録が完了します。', en: 'Press the button to confirm your subscription.' },
  confirmButton: { ja: '登録を完了する', en: 'Confirm' },
  pushEndpointRefused: {
    ja: 'このプッシュ通知の宛先には送れません。ブラウザーの通知の設定をやり直してから、もう一度お試しください。',
    en: 'Notifications cannot be sent to this push endpoint. Reset notifications in your browser and try again.',
  },
  confirmSignInNote: {
    ja: 'マイページでこの登録を見たいときは、先にログインしてから、このページでボタンを押してください。ログインしなくても、毎回のメールにある案内から変更や停止ができます。',
    en: 'To see this subscription in My Page, sign in first, then press the button on this page. Without signing in, you can still change or stop it from the link in every e-mail.',
  },
  confirmedTitle: { ja: '配信登録が完了しました', en: 'You are subscribed' },
  confirmedLead: { ja: '選んだ分野と地区の情報をお届けします。', en: 'We will send you news for the topics and areas you chose.' },
  linkInvalidTitle: { ja: 'リンクの有効期限が切れているか、正しくありません', en: 'This link has expired or is not valid' },
  linkInvalidLead: { ja: 'お手数ですが、もう一度登録してください。', en: 'Please subscribe again.' },
  manageTitle: { ja: '配信内容の変更', en: 'Change your subscription' },
  manageSave: { ja: '変更を保存する', en: 'Save changes' },
  saved: { ja: '変更を保存しました。', en: 'Your changes are saved.' },
  unsubscribeTitle: { ja: '配信停止', en: 'Unsubscribe' },
  unsubscribeLead: { ja: '次のボタンを押すと、このあて先への配信を止めます。', en: 'Press the button to stop sending to this address.' },
  unsubscribeButton: { ja: '配信を停止する', en: 'Unsubscribe' },
  unsubscribedTitle: { ja: '配信を停止しました', en: 'You are unsubscribed' },
  unsubscribedLead: { ja: 'これ以降、お知らせは届きません。', en: 'You will receive no more notices.' },
  resubscribe: { ja: 'もう一度登録する', en: 'Subscribe again' },
  address: { ja: 'あて先', en: 'Address' },
  state: { ja: '状態', en: 'Status' },
  myTitle: { ja: '配信登録の管理', en: 'My subscriptions' },
  myNone: { ja: 'このアカウントにひもづく配信登録はありません。', en: 'No subscriptions are linked to your account.' },
  myAdd: { ja: '新しく登録する', en: 'Add a subscription' },
  change: { ja: '変更・停止', en: 'Change or stop' },
  wholeCity: { ja: '市内全域', en: 'Whole city' },
  thisBrowser: { ja: 'ブラウザーのプッシュ通知', en: 'Browser push notifications' },
});

export const stateLabel = {
  pending: { ja: '確認待ち', en: 'Waiting for confirmation' },
  active: { ja: '配信中', en: 'Active' },
  suspended: { ja: '停止中（メールが届かないため）', en: 'Suspended (mail bounced)' },
  ended: { ja: '配信停止', en: 'Unsubscribed' },
};

export const staffText = defineMessages({
  linkTitle: { ja: '配信状況・登録者数', en: 'Deliveries and subscribers' },
  linkDescription: { ja: 'お知らせ・緊急情報の配信状況、再送できなかった配信、登録者数を確認します。', en: 'Delivery progress of news and alerts, failed deliveries, and subscriber counts.' },
  overviewTitle: { ja: '配信状況', en: 'Deliveries' },
  recentTitle: { ja: '最近の配信', en: 'Recent broadcasts' },
  noBroadcasts: { ja: 'まだ配信はありません。', en: 'No broadcasts yet.' },
  subject: { ja: '件名', en: 'Title' },
  kind: { ja: '種類', en: 'Kind' },
  created: { ja: '受付日時', en: 'Queued at' },
  progress: { ja: '進み具合', en: 'Progress' },
  urgent: { ja: '緊急', en: 'Urgent' },
  countsTitle: { ja: '登録者数（配信中のみ）', en: 'Subscribers (active)' },
  countsCaption: { ja: '配信方法・分野・地区ごとの登録者数', en: 'Subscribers per channel, topic and area' },
  channel: { ja: '配信方法', en: 'Channel' },
  topic: { ja: '分野', en: 'Topic' },
  area: { ja: '地区', en: 'Area' },
  count: { ja: '人数', en: 'Count' },
  noSubscribers: { ja: '登録者はまだいません。', en: 'No subscribers yet.' },
  deadTitle: { ja: '届けられなかった配信', en: 'Undelivered (dead letter)' },
  deadLead: {
    ja: '再送期間（{hours}時間）を過ぎても届かなかった配信と、受信側が拒否した配信です。原因を解消してから「今すぐ再送」を押してください。',
    en: 'Deliveries that still failed after the retry window ({hours} hours), and ones the receiver refused. Fix the cause, then press "Retry now".',
  },
  deadNone: { ja: '届けられなかった配信はありません。', en: 'Nothing is undelivered.' },
  error: { ja: '理由', en: 'Reason' },
  attempts: { ja: '試行回数', en: 'Attempts' },
  retryNow: { ja: '今すぐ再送', en: 'Retry now' },
  retried: { ja: '再送を予約しました。', en: 'The retry is queued.' },
  broadcastTitle: { ja: '配信の詳細', en: 'Broadcast' },
  back: { ja: '配信状況に戻る', en: 'Back to deliveries' },
  webhooksTitle: { ja: 'Webhook（連携システムへの通知）', en: 'Webhooks (connected systems)' },
  webhooksLead: {
    ja: '登録したURLに、選んだ分野の配信をJSONでPOSTします。本文はStandard Webhooks方式（webhook-id, webhook-timestamp, webhook-signature）で署名します。',
    en: 'Each broadcast of the chosen topics is POSTed as JSON to the URL, signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature).',
  },
  webhookLabel: { ja: '名前', en: 'Name' },
  webhookUrl: { ja: 'URL', en: 'URL' },
  webhookAdd: { ja: '登録する', en: 'Register' },
  webhookRemove: { ja: '削除', en: 'Remove' },
  webhookSecret: { ja: '署名用の秘密鍵（この画面でだけ表示します。受信側に設定してください）', en: 'Signing secret (shown only now; configure it at the receiver)' },
  webhookNone: { ja: '登録されたWebhookはありません。', en: 'No webhooks are registered.' },
  webhookUrlUnsafe: { ja: '「URL」には、内部ネットワークではない https のURLを入力してください（{reason}）。', en: 'Enter an https URL outside the internal network for URL ({reason}).' },
  lineTitle: { ja: 'LINE公式アカウントの設定', en: 'LINE official account' },
  lineLead: {
    ja: 'LINE Developersのチャネルアクセストークンとチャネルシークレットを登録します（暗号化して保存します）。Webhook URLには {url} を設定してください。',
    en: 'Enter the channel access token and channel secret from LINE Developers (stored encrypted). Set the webhook URL to {url}.',
  },
  lineToken: { ja: 'チャネルアクセストークン', en: 'Channel access token' },
  lineSecret: { ja: 'チャネルシークレット', en: 'Channel secret' },
  lineSave: { ja: '保存する', en: 'Save' },
  lineSaved: { ja: 'LINEの設定を保存しました。', en: 'The LINE settings are saved.' },
  lineConfigured: { ja: '設定済み', en: 'Configured' },
  lineNotConfigured: { ja: '未設定', en: 'Not configured' },
});
