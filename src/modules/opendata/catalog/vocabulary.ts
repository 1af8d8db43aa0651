/** Fixed vocabularies of the catalog: licences, update frequencies and the groups (themes). */
import type { Text } from '../../../platform/i18n/index.ts';

export interface License {
  id: string;
  title: Text;
  url: string;
  isOpen: boolean;
}

export const licenses: License[] = [
  { id: 'cc-by-4.0', title: { ja: 'クリエイティブ・コモンズ 表示 4.0 国際（CC BY 4.0）', en: 'Creative Commons Attribution 4.0 International (CC BY 4.0)' }, url: 'https://creativecommons.org/licenses/by/4.0/', isOpen: true },
  { id: 'cc0-1.0', title: { ja: 'CC0 1.0（パブリック・ドメイン提供）', en: 'CC0 1.0 Universal (public domain dedication)' }, url: 'https://creativecommons.org/publicdomain/zero/1.0/', isOpen: true },
  { id: 'gdl-1.0', title: { ja: '公共データ利用規約（第1.0版）', en: 'Public Data License (Version 1.0)' }, url: 'https://www.digital.go.jp/resources/open_data/public_data_license_v1.0', isOpen: true },
];

export const DEFAULT_LICENSE = 'cc-by-4.0';
export const licenseById = (id: string): License => licenses.find((l) => l.id === id) ?? licenses[0]!;

/** Update frequencies (DCAT accrualPeriodicity, Dublin Core frequency vocabulary). */
export const updateFrequencies: { id: string; title: Text; dcat: string }[] = [
  { id: 'continuous', title: { ja: '随時（変更のたびに自動更新）', en: 'Continuously (updated on every change)' }, dcat: 'http://purl.org/cld/freq/continuous' },
  { id: 'daily', title: { ja: '毎日', en: 'Daily' }, dcat: 'http://purl.org/cld/freq/daily' },
  { id: 'monthly', title: { ja: '毎月', en: 'Monthly' }, dcat: 'http://purl.org/cld/freq/monthly' },
  { id: 'quarterly', title: { ja: '四半期ごと', en: 'Quarterly' }, dcat: 'http://purl.org/cld/freq/quarterly' },
  { id: 'annual', title: { ja: '毎年', en: 'Annually' }, dcat: 'http://purl.org/cld/freq/annual' },
  { id: 'irregular', title: { ja: '不定期', en: 'Irregularly' }, dcat: 'http://purl.org/cld/freq/irregular' },
];
export const frequencyById = (id: string) => updateFrequencies.find((f) => f.id === id) ?? updateFrequencies[updateFrequencies.length - 1]!;

/** Groups (CKAN groups): the themes a resident browses by. */
export const catalogGroups: { name: string; title: Text; description: Text }[] = [
  { name: 'disaster', title: { ja: '防災・安全', en: 'Disaster prevention and safety' }, description: { ja: '避難所、ハザードマップ、防災設備', en: 'Shelters, hazard maps, safety equipment' } },
  { name: 'facilities', title: { ja: '施設', en: 'Facilities' }, description: { ja: '公共施設、トイレ、Wi-Fi', en: 'Public facilities, toilets, Wi-Fi' } },
  { name: 'health', title: { ja: '健康・医療・福祉', en: 'Health, medical care and welfare' }, description: { ja: 'AED、医療機関、介護', en: 'AED, medical institutions, care' } },
  { name: 'childcare', title: { ja: '子育て・教育', en: 'Child care and education' }, description: { ja: '保育所、学校、子育て支援', en: 'Nurseries, schools, family support' } },
  { name: 'culture', title: { ja: '観光・文化・イベント', en: 'Tourism, culture and events' }, description: { ja: 'イベント、文化財、観光', en: 'Events, cultural properties, tourism' } },
  { name: 'population', title: { ja: '人口・統計', en: 'Population and statistics' }, description: { ja: '人口、世帯、統計', en: 'Population, households, statistics' } },
  { name: 'administration', title: { ja: '行政・財政', en: 'Administration and finance' }, description: { ja: '予算、計画、行政情報', en: 'Budgets, plans, administration' } },
];
export const isGroupName = (s: string) => catalogGroups.some((g) => g.name === s);

/** File formats staff may upload and how they are served. */
export const uploadFormats: { format: string; mediaType: string; extensions: string[]; tabular: boolean }[] = [
  { format: 'CSV', mediaType: 'text/csv', extensions: ['csv'], tabular: true },
  { format: 'XLSX', mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extensions: ['xlsx'], tabular: true },
  { format: 'PDF', mediaType: 'application/pdf', extensions: ['pdf'], tabular: false },
  { format: 'JSON', mediaType: 'application/json', extensions: ['json'], tabular: false },
  { format: 'GeoJSON', mediaType: 'application/geo+json', extensions: ['geojson'], tabular: false },
];
