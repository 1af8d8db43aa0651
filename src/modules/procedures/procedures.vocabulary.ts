/**
 * The fixed vocabularies of the catalog: categories (how the town hall files procedures) and life
 * events (how residents think of them: 「出産」, 「介護が必要になった」 …).
 */
import type { Text } from '../../platform/i18n/index.ts';

export const categories = {
  childcare: { ja: '子育て', en: 'Child care' },
  care: { ja: '介護', en: 'Long-term care' },
  disaster: { ja: '被災者支援', en: 'Disaster support' },
  certificates: { ja: '証明書', en: 'Certificates' },
  living: { ja: 'くらし・届出', en: 'Living and notifications' },
} as const satisfies Record<string, Text>;
export type Category = keyof typeof categories;

export const lifeEvents = {
  pregnancy: { ja: '妊娠した', en: 'Expecting a baby' },
  birth: { ja: '子どもが生まれた', en: 'A child was born' },
  childcare: { ja: '子育て・保育', en: 'Raising children and day care' },
  moving: { ja: '引っ越し（転入・転居）', en: 'Moving house' },
  care: { ja: '介護が必要になった', en: 'Needing long-term care' },
  disaster: { ja: '災害にあった', en: 'Hit by a disaster' },
  certificate: { ja: '証明書が必要', en: 'Needing a certificate' },
} as const satisfies Record<string, Text>;
export type LifeEvent = keyof typeof lifeEvents;

export const isCategory = (v: unknown): v is Category => typeof v === 'string' && Object.hasOwn(categories, v);
export const isLifeEvent = (v: unknown): v is LifeEvent => typeof v === 'string' && Object.hasOwn(lifeEvents, v);
