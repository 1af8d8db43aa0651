/** The vocabulary every channel and every sender shares (issue 4 contract, see index.ts). */
import type { Text } from '../../platform/i18n/index.ts';

export const TOPICS = ['bousai', 'kosodate', 'kenkou', 'event', 'kurashi'] as const;
export type Topic = (typeof TOPICS)[number];

export const topicLabel: Record<Topic, Text> = {
  bousai: { ja: '防災', en: 'Disaster prevention' },
  kosodate: { ja: '子育て', en: 'Child-rearing' },
  kenkou: { ja: '健康', en: 'Health' },
  event: { ja: 'イベント', en: 'Events' },
  kurashi: { ja: 'くらし', en: 'Daily life' },
};

export const LANGUAGES = ['ja', 'easy', 'en'] as const;
/** 日本語, やさしい日本語, English. */
export type Language = (typeof LANGUAGES)[number];
export const languageLabel: Record<Language, Text> = {
  ja: { ja: '日本語', en: 'Japanese' },
  easy: { ja: 'やさしい日本語', en: 'Easy Japanese' },
  en: { ja: 'English（英語）', en: 'English' },
};

/** 地区 of the municipality. */
export interface Area {
  code: string;
  name: Text;
}

export type MessageStatus = 'actual' | 'exercise' | 'test';

export interface BroadcastInput {
  tenant: string;
  /** What is being sent; (kind, id, revision) is the idempotency key: broadcasting it again does nothing. */
  source: { kind: 'news' | 'alert'; id: string; revision: number };
  topic: Topic;
  /** 地区 codes the message concerns; null = the whole municipality. A subscriber matches when
   *  they chose no areas (everywhere) or any of these. */
  areas: string[] | null;
  /** Emergency alerts: delivered before any queued non-urgent message. */
  urgent: boolean;
  status: MessageStatus;
  /** Each language version; `easy` falls back to `ja` when absent. */
  title: { ja: string; easy?: string; en: string };
  body: { ja: string; easy?: string; en: string };
  /** Absolute URL of the public page of the message. */
  url: string;
}

export const CHANNELS = ['email', 'webpush', 'line', 'webhook'] as const;
export type Channel = (typeof CHANNELS)[number];
export const channelLabel: Record<Channel, Text> = {
  email: { ja: 'メール', en: 'E-mail' },
  webpush: { ja: 'プッシュ通知', en: 'Web Push' },
  line: { ja: 'LINE', en: 'LINE' },
  webhook: { ja: 'Webhook（連携システム）', en: 'Webhook (connected systems)' },
};

export interface DeliveryCounts {
  queued: number;
  sent: number;
  failed: number;
  retrying: number;
  deadLetter: number;
  suppressed: number;
  /** Deliveries sent more than once (after a transient failure or a crash), whatever their state now; not a state of its own. */
  retried: number;
}

export interface BroadcastProgress {
  broadcastId: string;
  total: number;
  done: boolean;
  byChannel: Record<Channel, DeliveryCounts>;
}

export const emptyCounts = (): DeliveryCounts => ({ queued: 0, sent: 0, failed: 0, retrying: 0, deadLetter: 0, suppressed: 0, retried: 0 });
