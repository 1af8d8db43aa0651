/**
 * An emergency alert message (緊急情報) and its vocabularies. The enumerations are CAP 1.2's own
 * values (lower-cased here; the CAP writer capitalises them), so a message always maps onto a
 * valid CAP document.
 */
import type { Text } from '../../platform/i18n/index.ts';

export const msgTypes = ['alert', 'update', 'cancel'] as const;
export type MsgType = (typeof msgTypes)[number];

/** actual: a real alert; exercise: a drill (訓練); test: a technical test (テスト) seen only by test subscribers. */
export const alertStatuses = ['actual', 'exercise', 'test'] as const;
export type AlertStatus = (typeof alertStatuses)[number];

export const alertStates = ['draft', 'pending', 'sent', 'discarded'] as const;
export type AlertState = (typeof alertStates)[number];

export const urgencies = ['immediate', 'expected', 'future', 'past', 'unknown'] as const;
export const severities = ['extreme', 'severe', 'moderate', 'minor', 'unknown'] as const;
export const certainties = ['observed', 'likely', 'possible', 'unlikely', 'unknown'] as const;
export const categories = ['geo', 'met', 'safety', 'security', 'rescue', 'fire', 'health', 'env', 'transport', 'infra', 'cbrne', 'other'] as const;
export const responseTypes = ['shelter', 'evacuate', 'prepare', 'execute', 'avoid', 'monitor', 'assess', 'allclear', 'none'] as const;
export type Urgency = (typeof urgencies)[number];
export type Severity = (typeof severities)[number];
export type Certainty = (typeof certainties)[number];
export type Category = (typeof categories)[number];
export type ResponseType = (typeof responseTypes)[number];

/** The hazards an evacuation order is issued for (避難情報の対象となる災害), with their CAP category. */
export const hazards = ['flood', 'landslide', 'stormSurge', 'inlandFlood', 'heavyRain', 'tsunami', 'other'] as const;
export type Hazard = (typeof hazards)[number];
export const hazardInfo: Record<Hazard, { label: Text; easy: string; category: Category }> = {
  flood: { label: { ja: '洪水', en: 'flood' }, easy: '川の 水が あふれる こと（洪水）', category: 'met' },
  landslide: { label: { ja: '土砂災害', en: 'landslide' }, easy: 'がけ崩れ（土砂災害）', category: 'geo' },
  stormSurge: { label: { ja: '高潮', en: 'storm surge' }, easy: '海の 水が 高く なる こと（高潮）', category: 'met' },
  inlandFlood: { label: { ja: '内水氾濫', en: 'inland flooding' }, easy: '町の 中に 水が あふれる こと', category: 'met' },
  heavyRain: { label: { ja: '大雨', en: 'heavy rain' }, easy: '大雨', category: 'met' },
  tsunami: { label: { ja: '津波', en: 'tsunami' }, easy: '津波', category: 'geo' },
  other: { label: { ja: 'その他の災害', en: 'other hazard' }, easy: '災害', category: 'other' },
};

/** A text in the three language versions; ja is required, easy (やさしい日本語) and en may be empty. */
export interface Versions {
  ja: string;
  easy: string;
  en: string;
}

export interface AlertArea {
  code: string;
  name: Text;
}

export interface AlertShelter {
  id: string;
  name: string;
  nameEn: string;
  address: string;
}

/** What staff write (or the template fills in) for one message. */
export interface AlertContent {
  status: AlertStatus;
  template: string;
  hazard: Hazard | '';
  level: number | null;
  category: Category;
  responseType: ResponseType;
  urgency: Urgency;
  severity: Severity;
  certainty: Certainty;
  event: Text;
  headline: Versions;
  description: Versions;
  instruction: Versions;
  areas: AlertArea[];
  shelters: AlertShelter[];
  expiresAt: Date;
}

export interface Actor {
  kind: 'staff' | 'api';
  id: string;
  name: string;
}

export interface Alert extends AlertContent {
  id: string;
  chainId: string;
  sequence: number | null;
  referencesId: string | null;
  msgType: MsgType;
  state: AlertState;
  author: Actor;
  approver: Actor | null;
  overrideReason: string | null;
  submittedAt: Date | null;
  sentAt: Date | null;
  capXml: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** True while a sent message still counts: not cancelled (checked by the caller), not expired. */
export const isLive = (a: Pick<Alert, 'expiresAt' | 'msgType'>, now = new Date()) => a.msgType !== 'cancel' && a.expiresAt.getTime() > now.getTime();
