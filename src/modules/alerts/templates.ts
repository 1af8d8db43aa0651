/**
 * Templates for the national five-level alert system (警戒レベル, 避難情報に関するガイドライン):
 * 高齢者等避難 (level 3), 避難指示 (level 4), 緊急安全確保 (level 5), the lifting of evacuation
 * information, and the opening of shelters. Each fills the Japanese, やさしい日本語 and English
 * versions with the chosen areas and shelters; staff check and edit the text before sending.
 * The wording is our own, using the official terms (and the Cabinet Office's English names).
 */
import type { Text } from '../../platform/i18n/index.ts';
import { hazardInfo, type AlertArea, type AlertContent, type AlertShelter, type Hazard, type Versions } from './alert.ts';

export const templateKeys = ['level3', 'level4', 'level5', 'lift', 'shelterOpen'] as const;
export type TemplateKey = (typeof templateKeys)[number];
export const isTemplateKey = (s: string): s is TemplateKey => (templateKeys as readonly string[]).includes(s);

export const templateLabel: Record<TemplateKey, Text> = {
  level3: { ja: '【警戒レベル3】高齢者等避難', en: 'Alert Level 3: Evacuation of Elderly People, etc.' },
  level4: { ja: '【警戒レベル4】避難指示', en: 'Alert Level 4: Evacuation Instruction' },
  level5: { ja: '【警戒レベル5】緊急安全確保', en: 'Alert Level 5: Emergency Safety Measure' },
  lift: { ja: '警戒レベル解除（避難情報の解除）', en: 'Lifting of evacuation information' },
  shelterOpen: { ja: '避難所開設のお知らせ', en: 'Shelters opened' },
};

export interface TemplateInput {
  hazard: Hazard | '';
  areas: AlertArea[];
  shelters: AlertShelter[];
  municipality: Text;
  now: Date;
}

type Filled = Omit<AlertContent, 'status'>;

const HOUR = 3600_000;

function hazardWords(h: Hazard | '') {
  if (!h || h === 'other') return { ja: '災害', easy: '災害', en: 'disaster' };
  return { ja: hazardInfo[h].label.ja, easy: hazardInfo[h].easy, en: hazardInfo[h].label.en };
}

function areaWords(areas: AlertArea[]) {
  if (!areas.length) return { ja: '市内全域', easy: '市の 全部の 地区', en: 'the whole city' };
  return { ja: areas.map((a) => a.name.ja).join('、'), easy: areas.map((a) => a.name.ja).join('、'), en: areas.map((a) => a.name.en || a.name.ja).join(', ') };
}

/** The shelter list appended to the instruction in each language (nothing when none were chosen). */
function shelterLines(shelters: AlertShelter[], heading: Versions): Versions {
  if (!shelters.length) return { ja: '', easy: '', en: '' };
  return {
    ja: `\n\n${heading.ja}\n${shelters.map((s) => `・${s.name}${s.address ? `（${s.address}）` : ''}`).join('\n')}`,
    easy: `\n\n${heading.easy}\n${shelters.map((s) => `・${s.name}`).join('\n')}`,
    en: `\n\n${heading.en}\n${shelters.map((s) => `- ${s.nameEn || s.name}${s.address ? ` (${s.address})` : ''}`).join('\n')}`,
  };
}

const openShelters: Versions = { ja: '開設している避難所:', easy: '開いている 避難所（ひなんじょ）:', en: 'Open shelters:' };

const join = (a: Versions, b: Versions): Versions => ({ ja: a.ja + b.ja, easy: a.easy + b.easy, en: a.en + b.en });

/** The text and CAP values of a template for the chosen hazard, areas and shelters. */
export function fillTemplate(key: TemplateKey, input: TemplateInput): Filled {
  const hz = hazardWords(input.hazard);
  const ar = areaWords(input.areas);
  const city = input.municipality;
  const category = input.hazard ? hazardInfo[input.hazard].category : 'other';
  const base = { template: key, hazard: input.hazard, category, areas: input.areas, shelters: input.shelters };
  const shelters = shelterLines(input.shelters, openShelters);
  const hzEvent = (name: Text): Text => ({ ja: `${name.ja}（${hz.ja}）`, en: `${name.en} (${hz.en})` });
  switch (key) {
    case 'level3':
      return {
        ...base,
        level: 3, urgency: 'expected', severity: 'severe', certainty: 'likely', responseType: 'prepare',
        event: hzEvent({ ja: '高齢者等避難', en: 'Evacuation of Elderly People, etc.' }),
        headline: {
          ja: `【警戒レベル3】${ar.ja}に高齢者等避難を発令しました（${hz.ja}）`,
          easy: `【レベル3】${ar.easy}の お年寄りなどは 逃げて ください`,
          en: `Alert Level 3: Evacuation of Elderly People, etc. for ${ar.en} (${hz.en})`,
        },
        description: {
          ja: `${city.ja}は、${hz.ja}の危険が高まっているため、${ar.ja}に「高齢者等避難」（警戒レベル3）を発令しました。`,
          easy: `${hz.easy}の 危険が あります。${ar.easy}に「高齢者等避難（こうれいしゃとうひなん）」を 出しました。`,
          en: `Because the risk of ${hz.en} is rising, ${city.en} has issued "Evacuation of Elderly People, etc." (Alert Level 3) for ${ar.en}.`,
        },
        instruction: join(
          {
            ja: '高齢の方、障害のある方、乳幼児のいる方など避難に時間のかかる方とその支援者は、危険な場所から避難してください。そのほかの方も避難の準備を整え、危険を感じたら自主的に避難してください。',
            easy: 'お年寄りや 体の 不自由な 人、小さい 子どもが いる 人は、安全な 場所へ 逃げて ください。ほかの 人も、逃げる 準備を して ください。',
            en: 'Older people, people with disabilities, families with infants and others who need time to evacuate, and those helping them, must leave dangerous places now. Everyone else should get ready, and evacuate on their own if they feel in danger.',
          },
          shelters,
        ),
        expiresAt: new Date(input.now.getTime() + 24 * HOUR),
      };
    case 'level4':
      return {
        ...base,
        level: 4, urgency: 'immediate', severity: 'severe', certainty: 'likely', responseType: 'evacuate',
        event: hzEvent({ ja: '避難指示', en: 'Evacuation Instruction' }),
        headline: {
          ja: `【警戒レベル4】${ar.ja}に避難指示を発令しました（${hz.ja}）`,
          easy: `【レベル4】${ar.easy}の 人は みんな 逃げて ください`,
          en: `Alert Level 4: Evacuation Instruction for ${ar.en} (${hz.en})`,
        },
        description: {
          ja: `${city.ja}は、${hz.ja}の危険が高まっているため、${ar.ja}に「避難指示」（警戒レベル4）を発令しました。`,
          easy: `${hz.easy}の 危険が 高く なって います。${ar.easy}に「避難指示（ひなんしじ）」を 出しました。`,
          en: `Because the risk of ${hz.en} is high, ${city.en} has issued an Evacuation Instruction (Alert Level 4) for ${ar.en}.`,
        },
        instruction: join(
          {
            ja: '危険な場所にいる方は、全員、直ちに避難してください。避難所へ向かうことがかえって危険なときは、近くの安全な建物や、自宅の上の階など、少しでも安全な場所へ移ってください。',
            easy: '危ない 場所に いる 人は、みんな すぐに 逃げて ください。外に 出るのが 危ない ときは、家の 2階より 上など、安全な 場所へ 行って ください。',
            en: 'Everyone in a dangerous place must evacuate now. If going to a shelter would be more dangerous, move to a nearby safe building or an upper floor.',
          },
          shelters,
        ),
        expiresAt: new Date(input.now.getTime() + 24 * HOUR),
      };
    case 'level5':
      return {
        ...base,
        level: 5, urgency: 'immediate', severity: 'extreme', certainty: 'observed', responseType: 'shelter',
        event: hzEvent({ ja: '緊急安全確保', en: 'Emergency Safety Measure' }),
        headline: {
          ja: `【警戒レベル5】${ar.ja}に緊急安全確保を発令しました（${hz.ja}）`,
          easy: `【レベル5】${ar.easy}の 人は すぐに 命を 守って ください`,
          en: `Alert Level 5: Emergency Safety Measure for ${ar.en} (${hz.en})`,
        },
        description: {
          ja: `${ar.ja}では、${hz.ja}による災害が発生しているか、差し迫っています。${city.ja}は「緊急安全確保」（警戒レベル5）を発令しました。命の危険があります。`,
          easy: `${ar.easy}で 災害（${hz.ja}）が 起きて います。命が 危ないです。`,
          en: `A ${hz.en} disaster is happening or imminent in ${ar.en}. ${city.en} has issued an Emergency Safety Measure (Alert Level 5). Lives are in danger.`,
        },
        instruction: join(
          {
            ja: '直ちに身の安全を確保してください。外へ出ることがかえって危険な場合は、自宅や近くの建物の上の階、崖から離れた部屋など、少しでも安全な場所で命を守る行動をとってください。',
            easy: 'すぐに 命を 守る 行動を して ください。外に 出るのが 危ない ときは、家の 高い 階や、がけから 遠い 部屋に 行って ください。',
            en: 'Act now to save your life. If going outside is dangerous, move to the safest place you can reach, such as an upper floor or a room away from slopes.',
          },
          shelters,
        ),
        expiresAt: new Date(input.now.getTime() + 24 * HOUR),
      };
    case 'lift':
      return {
        ...base,
        level: null, urgency: 'past', severity: 'minor', certainty: 'observed', responseType: 'allclear',
        event: hzEvent({ ja: '避難情報の解除', en: 'Evacuation information lifted' }),
        headline: {
          ja: `${ar.ja}の避難情報を解除しました（${hz.ja}）`,
          easy: `${ar.easy}の 避難（ひなん）の お知らせは 終わりました`,
          en: `Evacuation information lifted for ${ar.en} (${hz.en})`,
        },
        description: {
          ja: `${city.ja}は、${hz.ja}の危険が低くなったため、${ar.ja}に発令していた避難情報を解除しました。`,
          easy: `${hz.easy}の 危険が 少なく なりました。`,
          en: `The risk of ${hz.en} has decreased, and ${city.en} has lifted the evacuation information for ${ar.en}.`,
        },
        instruction: {
          ja: '避難している方は、周りの安全を確かめてから帰宅してください。川や崖には引き続き近づかないでください。',
          easy: '家に 帰る ときは、まわりが 安全か 確かめて ください。川や がけには 近づかないで ください。',
          en: 'If you evacuated, check that it is safe around you before going home. Keep away from rivers and slopes.',
        },
        expiresAt: new Date(input.now.getTime() + 6 * HOUR),
      };
    case 'shelterOpen':
      return {
        ...base,
        level: null, urgency: 'expected', severity: 'moderate', certainty: 'likely', responseType: 'prepare',
        event: hzEvent({ ja: '避難所の開設', en: 'Shelters opened' }),
        headline: {
          ja: `避難所を開設しました（${ar.ja}）`,
          easy: `避難所（ひなんじょ）を 開きました（${ar.easy}）`,
          en: `Shelters opened (${ar.en})`,
        },
        description: {
          ja: `${city.ja}は、${hz.ja}に備えて、避難所を開設しました。`,
          easy: `${hz.easy}に 備えて、避難所を 開きました。`,
          en: `In preparation for ${hz.en}, ${city.en} has opened shelters.`,
        },
        instruction: join(
          {
            ja: '避難するときは、食料・飲料水、常備薬、携帯電話の充電器など必要なものを持ち、動きやすい服装で向かってください。',
            easy: '避難所に 行く ときは、食べ物、水、薬、携帯電話の 充電器を 持って いって ください。',
            en: 'If you go to a shelter, bring food, water, your medicine and a phone charger, and wear clothes that are easy to move in.',
          },
          shelters,
        ),
        expiresAt: new Date(input.now.getTime() + 24 * HOUR),
      };
  }
}
