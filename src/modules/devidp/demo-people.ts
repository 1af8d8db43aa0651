/**
 * The fictional people the development identity provider can sign in as. Every name, address and
 * date is invented; the municipality みなと野市 and the prefecture 架空県 do not exist, and the
 * postal codes start with 000, which Japan Post does not use.
 * Each person exercises something real data does: a kanji outside the BMP (𠮷), 異体字 (髙, 邊, 齋),
 * a child under 15 (no signing certificate on the card), a 元年 birthday, a room number.
 */
import type { Text } from '../../platform/i18n/index.ts';

export interface DemoPerson {
  /** The subject identifier (sub) the provider issues for this person. */
  id: string;
  /** 氏名 as printed on the card. */
  name: string;
  nameKana: string;
  /** YYYY-MM-DD. */
  birthdate: string;
  gender: 'female' | 'male';
  address: { postalCode: string; region: string; locality: string; streetAddress: string };
  /** What this person is useful for when testing. */
  note: Text;
}

export const demoPeople: readonly DemoPerson[] = [
  {
    id: 'demo-yoshida-hanako',
    name: '𠮷田 花子',
    nameKana: 'よしだ はなこ',
    birthdate: '1985-04-01',
    gender: 'female',
    address: { postalCode: '000-0011', region: '架空県', locality: 'みなと野市', streetAddress: '本町一丁目2番3号' },
    note: { ja: '「𠮷」（つちよし）はサロゲートペアで表される文字です。', en: '𠮷 (tsuchi-yoshi) is encoded as a surrogate pair.' },
  },
  {
    id: 'demo-takahashi-kenta',
    name: '髙橋 健太',
    nameKana: 'たかはし けんた',
    birthdate: '1958-11-23',
    gender: 'male',
    address: { postalCode: '000-0012', region: '架空県', locality: 'みなと野市', streetAddress: '港町三丁目4番5号' },
    note: { ja: '「髙」（はしごだか）は「高」の異体字です。', en: '髙 (hashigo-daka) is a variant form (異体字) of 高.' },
  },
  {
    id: 'demo-watanabe-sakura',
    name: '渡邊 さくら',
    nameKana: 'わたなべ さくら',
    birthdate: '2019-05-01',
    gender: 'female',
    address: { postalCode: '000-0013', region: '架空県', locality: 'みなと野市', streetAddress: '緑ケ丘二丁目10番1号' },
    note: {
      ja: '15歳未満の子ども（署名用電子証明書はありません）。令和元年生まれ。',
      en: 'A child under 15 (no signing certificate on the card), born in the first year of Reiwa.',
    },
  },
  {
    id: 'demo-sato-sho',
    name: '佐藤 翔',
    nameKana: 'さとう しょう',
    birthdate: '2001-03-10',
    gender: 'male',
    address: { postalCode: '000-0014', region: '架空県', locality: 'みなと野市', streetAddress: '本町四丁目1番1号 みなと野ハイツ101号室' },
    note: { ja: '集合住宅にお住まいの方（部屋番号つきの住所）。', en: 'Lives in an apartment (address with a room number).' },
  },
  {
    id: 'demo-saito-michiko',
    name: '齋藤 美智子',
    nameKana: 'さいとう みちこ',
    birthdate: '1940-01-15',
    gender: 'female',
    address: { postalCode: '000-0015', region: '架空県', locality: 'みなと野市', streetAddress: '汐見台五丁目6番7号' },
    note: { ja: '高齢の方。「齋」は「斎」の異体字です。', en: 'An older resident; 齋 is a variant form of 斎.' },
  },
];

export function findDemoPerson(id: string): DemoPerson | undefined {
  return demoPeople.find((p) => p.id === id);
}

/** The OpenID Connect claims the provider releases for a person (address as the standard object). */
export function demoPersonClaims(p: DemoPerson) {
  return {
    sub: p.id,
    name: p.name,
    birthdate: p.birthdate,
    gender: p.gender,
    address: {
      formatted: `${p.address.region}${p.address.locality}${p.address.streetAddress}`,
      postal_code: p.address.postalCode,
      region: p.address.region,
      locality: p.address.locality,
      street_address: p.address.streetAddress,
      country: 'JP',
    },
  };
}
