/**
 * The registries staff keep and their 自治体標準オープンデータセット definitions: dataset number,
 * standard file slug, and the current-generation columns in standard order, each mapped to where
 * the value lives (a typed place field or `attributes`) and how it is checked and written.
 * Legacy (first-generation) column names are accepted on import through `legacy` aliases.
 * See docs/opendata.md for which lists are complete and which are reconstructed.
 */
import type { Text } from '../../platform/i18n/index.ts';

export const placeKinds = ['facility', 'shelter', 'aed', 'toilet', 'wifi', 'childcare', 'event'] as const;
export type PlaceKind = (typeof placeKinds)[number];
export const isPlaceKind = (s: string): s is PlaceKind => (placeKinds as readonly string[]).includes(s);

/** Kinds shown on the public map. */
export const mapKinds = ['shelter', 'facility', 'aed', 'toilet'] as const satisfies readonly PlaceKind[];

/** The 8 disaster types of designated evacuation sites (as in the national GSI shelter data). */
export const disasterTypes = ['flood', 'landslide', 'storm_surge', 'earthquake', 'tsunami', 'fire', 'inland_flood', 'volcano'] as const;
export type DisasterType = (typeof disasterTypes)[number];
export const isDisasterType = (s: string): s is DisasterType => (disasterTypes as readonly string[]).includes(s);

export const disasterLabels: Record<DisasterType, Text> = {
  flood: { ja: '洪水', en: 'Flood' },
  landslide: { ja: '崖崩れ、土石流及び地滑り', en: 'Landslide, debris flow' },
  storm_surge: { ja: '高潮', en: 'Storm surge' },
  earthquake: { ja: '地震', en: 'Earthquake' },
  tsunami: { ja: '津波', en: 'Tsunami' },
  fire: { ja: '大規模な火事', en: 'Large fire' },
  inland_flood: { ja: '内水氾濫', en: 'Inland flooding' },
  volcano: { ja: '火山現象', en: 'Volcanic activity' },
};

/** Typed fields of a place (columns of the places table). */
export type CoreField =
  | 'localId' | 'name' | 'nameKana' | 'nameEn' | 'addressCode' | 'townId' | 'address' | 'prefecture' | 'city'
  | 'town' | 'block' | 'building' | 'lat' | 'lon' | 'phone' | 'url' | 'description' | 'accessibility' | 'note' | 'capacity';

/**
 * How a cell is checked on import and written on export.
 * flag: 1 or empty (災害種別); umu: 有/無; code: digits of a fixed kind of code.
 */
export type ColumnType = 'text' | 'multiline' | 'int' | 'decimal' | 'date' | 'time' | 'flag' | 'umu' | 'url' | 'email' | 'phone' | 'code';

export type ColumnTarget =
  | { to: 'field'; field: CoreField }
  | { to: 'attr' }
  | { to: 'disaster'; type: DisasterType }
  /** 全国地方公共団体コード / 地方公共団体名: written from the municipality, checked on import. */
  | { to: 'tenantCode' }
  | { to: 'tenantName' }
  /** Current shelter status (独自項目 appended after the standard columns). */
  | { to: 'status'; part: 'open' | 'crowding' | 'updated' };

export interface StandardColumn {
  name: string;
  en: string;
  type: ColumnType;
  target: ColumnTarget;
  /** Names of the same column in legacy files. */
  legacy?: string[];
  /** A file must have this column (under its current or legacy name). */
  requiredColumn?: boolean;
  /** Every row must have a value. */
  requiredValue?: boolean;
  maxLength?: number;
}

export interface Registry {
  kind: PlaceKind;
  /** Number in the definition book (A). */
  number: string;
  slug: string;
  title: Text;
  /** Short noun for one record, in forms and buttons. */
  item: Text;
  description: Text;
  tags: string[];
  groups: string[];
  columns: StandardColumn[];
}

const f = (field: CoreField): ColumnTarget => ({ to: 'field', field });
const attr: ColumnTarget = { to: 'attr' };

function col(name: string, en: string, type: ColumnType, target: ColumnTarget, extra: Partial<StandardColumn> = {}): StandardColumn {
  return { name, en, type, target, ...extra };
}

const head = (): StandardColumn[] => [
  col('全国地方公共団体コード', 'Municipality code', 'code', { to: 'tenantCode' }, { legacy: ['都道府県コード又は市区町村コード'] }),
  col('ID', 'ID', 'text', f('localId'), { legacy: ['NO', 'No', 'No.'], requiredColumn: true, requiredValue: true, maxLength: 50 }),
  col('地方公共団体名', 'Municipality name', 'text', { to: 'tenantName' }),
];
const names = (base = '名称', baseEn = 'Name'): StandardColumn[] => [
  col(base, baseEn, 'text', f('name'), { requiredColumn: true, requiredValue: true, maxLength: 200 }),
  col(`${base}_カナ`, `${baseEn} (kana)`, 'text', f('nameKana'), { maxLength: 200 }),
  col(`${base}_英字`, `${baseEn} (English)`, 'text', f('nameEn'), { legacy: [`${base}_英語`], maxLength: 200 }),
];
const address = (): StandardColumn[] => [
  col('所在地_全国地方公共団体コード', 'Address: municipality code', 'code', f('addressCode')),
  col('町字ID', 'Town ID (町字ID)', 'code', f('townId')),
  col('所在地_連結表記', 'Address (full)', 'text', f('address'), { legacy: ['住所', '所在地'], maxLength: 300 }),
  col('所在地_都道府県', 'Address: prefecture', 'text', f('prefecture'), { legacy: ['都道府県名'], maxLength: 10 }),
  col('所在地_市区町村', 'Address: city', 'text', f('city'), { legacy: ['市区町村名'], maxLength: 50 }),
  col('所在地_町字', 'Address: town', 'text', f('town'), { maxLength: 100 }),
  col('所在地_番地以下', 'Address: block and number', 'text', f('block'), { maxLength: 100 }),
  col('建物名等(方書)', 'Building', 'text', f('building'), { legacy: ['方書'], maxLength: 200 }),
];
const latLon = (required = true): StandardColumn[] => [
  col('緯度', 'Latitude', 'decimal', f('lat'), { requiredColumn: required, requiredValue: required }),
  col('経度', 'Longitude', 'decimal', f('lon'), { requiredColumn: required, requiredValue: required }),
];
const contact = (): StandardColumn[] => [
  col('電話番号', 'Phone', 'phone', f('phone')),
  col('内線番号', 'Extension', 'text', attr, { maxLength: 20 }),
  col('連絡先メールアドレス', 'Contact e-mail', 'email', attr),
  col('連絡先FormURL', 'Contact form URL', 'url', attr),
  col('連絡先備考（その他、SNSなど）', 'Contact notes (SNS etc.)', 'text', attr, { maxLength: 300 }),
];
const hours = (): StandardColumn[] => [
  col('利用可能曜日', 'Days open', 'text', attr, { maxLength: 100 }),
  col('開始時間', 'Opens at', 'time', attr),
  col('終了時間', 'Closes at', 'time', attr),
  col('利用可能日時特記事項', 'Opening notes', 'multiline', attr, { maxLength: 500 }),
];
const org = (): StandardColumn[] => [
  col('法人番号', 'Corporate number', 'code', attr),
  col('団体名', 'Organisation', 'text', attr, { maxLength: 200 }),
];
const image = (): StandardColumn[] => [col('画像', 'Image URL', 'url', attr), col('画像_ライセンス', 'Image licence', 'text', attr, { maxLength: 100 })];
const urlCol = () => col('URL', 'URL', 'url', f('url'));
const noteCol = () => col('備考', 'Notes', 'multiline', f('note'), { maxLength: 1000 });
const description = () => col('説明', 'Description', 'multiline', f('description'), { maxLength: 2000 });
const accessibility = () => col('バリアフリー情報', 'Accessibility', 'multiline', f('accessibility'), { maxLength: 1000 });

const disasterColumnNames: Record<DisasterType, string> = {
  flood: '災害種別_洪水',
  landslide: '災害種別_崖崩れ、土石流及び地滑り',
  storm_surge: '災害種別_高潮',
  earthquake: '災害種別_地震',
  tsunami: '災害種別_津波',
  fire: '災害種別_大規模な火事',
  inland_flood: '災害種別_内水氾濫',
  volcano: '災害種別_火山現象',
};

export const registries: Record<PlaceKind, Registry> = {
  facility: {
    kind: 'facility',
    number: '01',
    slug: 'public_facility',
    title: { ja: '公共施設一覧', en: 'Public facilities' },
    item: { ja: '公共施設', en: 'public facility' },
    description: { ja: '市が管理する公共施設の名称、所在地、利用時間、バリアフリー情報です。', en: 'Public facilities run by the city: name, address, opening hours and accessibility.' },
    tags: ['公共施設', '施設'],
    groups: ['facilities'],
    columns: [
      ...head(), ...names(),
      col('名称_通称', 'Common name', 'text', attr, { maxLength: 200 }),
      col('POIコード', 'POI code', 'code', attr),
      ...address(), ...latLon(), ...contact(), ...org(), ...hours(),
      description(), accessibility(), urlCol(), ...image(), noteCol(),
    ],
  },
  shelter: {
    kind: 'shelter',
    number: '03',
    slug: 'evacuation_space',
    title: { ja: '指定緊急避難場所一覧', en: 'Designated evacuation sites' },
    item: { ja: '避難場所', en: 'evacuation site' },
    description: {
      ja: '指定緊急避難場所と指定避難所の一覧です。災害種別ごとの適否、想定収容人数と、開設状況・混雑状況（独自項目、随時更新）を含みます。',
      en: 'Designated evacuation sites and shelters, with the disaster types each is designated for, capacity, and the current opening and crowding status (extra columns, updated live).',
    },
    tags: ['防災', '避難所', '避難場所'],
    groups: ['disaster'],
    columns: [
      col('全国地方公共団体コード', 'Municipality code', 'code', { to: 'tenantCode' }, { legacy: ['都道府県コード又は市区町村コード'] }),
      col('ID', 'ID', 'text', f('localId'), { legacy: ['NO', 'No', 'No.'], requiredColumn: true, requiredValue: true, maxLength: 50 }),
      col('名称', 'Name', 'text', f('name'), { requiredColumn: true, requiredValue: true, maxLength: 200 }),
      col('名称_カナ', 'Name (kana)', 'text', f('nameKana'), { maxLength: 200 }),
      col('所在地_全国地方公共団体コード', 'Address: municipality code', 'code', f('addressCode')),
      col('町字ID', 'Town ID (町字ID)', 'code', f('townId')),
      col('所在地_連結表記', 'Address (full)', 'text', f('address'), { legacy: ['住所', '所在地'], maxLength: 300 }),
      col('所在地_都道府県', 'Address: prefecture', 'text', f('prefecture'), { legacy: ['都道府県名'], maxLength: 10 }),
      col('所在地_市区町村', 'Address: city', 'text', f('city'), { legacy: ['市区町村名'], maxLength: 50 }),
      ...latLon(),
      col('電話番号', 'Phone', 'phone', f('phone')),
      ...disasterTypes.map((t) => col(disasterColumnNames[t], `Disaster type: ${disasterLabels[t].en}`, 'flag', { to: 'disaster', type: t })),
      col('指定避難所との重複', 'Also a designated shelter', 'flag', attr),
      col('想定収容人数', 'Capacity (people)', 'int', f('capacity'), { legacy: ['収容人数'] }),
      col('対象となる町会・自治会', 'Neighbourhood associations served', 'text', attr, { maxLength: 300 }),
      col('連絡先メールアドレス', 'Contact e-mail', 'email', attr),
      urlCol(),
      noteCol(),
      col('開設状況', 'Open now', 'text', { to: 'status', part: 'open' }),
      col('混雑状況', 'Crowding', 'text', { to: 'status', part: 'crowding' }),
      col('状況更新日時', 'Status updated', 'text', { to: 'status', part: 'updated' }),
    ],
  },
  aed: {
    kind: 'aed',
    number: '08',
    slug: 'aed',
    title: { ja: 'AED設置箇所一覧', en: 'AED locations' },
    item: { ja: 'AED設置箇所', en: 'AED location' },
    description: { ja: 'AED（自動体外式除細動器）の設置場所、設置位置、利用できる時間です。', en: 'Where automated external defibrillators (AED) are, where in the building, and when they can be used.' },
    tags: ['AED', '救急', '医療'],
    groups: ['health'],
    columns: [
      ...head(), ...names(), ...address(), ...latLon(),
      col('設置位置', 'Position in the building', 'text', attr, { maxLength: 200 }),
      ...contact(), ...org(), ...hours(),
      col('小児対応設備の有無', 'Paediatric pads', 'umu', attr),
      ...image(), urlCol(), noteCol(),
    ],
  },
  toilet: {
    kind: 'toilet',
    number: '13',
    slug: 'public_toilet',
    title: { ja: '公衆トイレ一覧', en: 'Public toilets' },
    item: { ja: '公衆トイレ', en: 'public toilet' },
    description: { ja: '公衆トイレの場所、便器の数、バリアフリー設備、利用時間です。', en: 'Public toilets: location, number of toilets, accessible facilities and opening hours.' },
    tags: ['トイレ', 'バリアフリー'],
    groups: ['facilities'],
    columns: [
      ...head(), ...names(), ...address(),
      col('設置位置', 'Position', 'text', attr, { maxLength: 200 }),
      ...latLon(),
      col('男性トイレ総数', 'Men: total', 'int', attr),
      col('男性トイレ数（小便器）', 'Men: urinals', 'int', attr),
      col('男性トイレ数（和式）', 'Men: squat', 'int', attr),
      col('男性トイレ数（洋式）', 'Men: western', 'int', attr),
      col('女性トイレ総数', 'Women: total', 'int', attr),
      col('女性トイレ数（和式）', 'Women: squat', 'int', attr),
      col('女性トイレ数（洋式）', 'Women: western', 'int', attr),
      col('男女共用トイレ総数', 'Unisex: total', 'int', attr),
      col('男女共用トイレ数（和式）', 'Unisex: squat', 'int', attr),
      col('男女共用トイレ数（洋式）', 'Unisex: western', 'int', attr),
      col('バリアフリートイレ数', 'Accessible toilets', 'int', attr),
      col('車椅子使用者用トイレ有無', 'Wheelchair toilet', 'umu', attr),
      col('乳幼児用設備設置トイレ有無', 'Baby facilities', 'umu', attr),
      col('オストメイト設置トイレ有無', 'Ostomate facilities', 'umu', attr),
      col('利用開始時間', 'Opens at', 'time', attr),
      col('利用終了時間', 'Closes at', 'time', attr),
      col('利用可能時間特記事項', 'Opening notes', 'multiline', attr, { maxLength: 500 }),
      ...image(), noteCol(),
    ],
  },
  wifi: {
    kind: 'wifi',
    number: '07',
    slug: 'public_wireless_lan',
    title: { ja: '公衆無線LANアクセスポイント一覧', en: 'Public Wi-Fi access points' },
    item: { ja: 'Wi-Fiスポット', en: 'Wi-Fi spot' },
    description: { ja: '市が提供する公衆無線LAN（Wi-Fi）の場所とSSIDです。', en: 'Public Wi-Fi provided by the city: location and SSID.' },
    tags: ['Wi-Fi', '無線LAN'],
    groups: ['facilities'],
    columns: [
      ...head(), ...names(), ...address(), ...latLon(),
      col('設置者', 'Provider', 'text', attr, { maxLength: 200 }),
      ...contact(), ...org(),
      col('SSID', 'SSID', 'text', attr, { maxLength: 100 }),
      urlCol(), noteCol(),
    ],
  },
  childcare: {
    kind: 'childcare',
    number: '05',
    slug: 'child_care_facility',
    title: { ja: '子育て施設一覧', en: 'Child-care facilities' },
    item: { ja: '子育て施設', en: 'child-care facility' },
    description: { ja: '保育所、認定こども園、子育て支援センターなどの子育て施設です。', en: 'Nurseries, centres for early childhood education and care, and family support centres.' },
    tags: ['子育て', '保育'],
    groups: ['childcare'],
    columns: [
      ...head(), ...names(),
      col('種別', 'Type', 'text', attr, { maxLength: 100 }),
      ...address(), ...latLon(), ...contact(),
      col('FAX番号', 'Fax', 'phone', attr),
      ...org(), ...hours(),
      col('定員', 'Capacity', 'int', attr),
      col('入所条件', 'Admission conditions', 'multiline', attr, { maxLength: 500 }),
      col('対象年齢', 'Ages', 'text', attr, { maxLength: 100 }),
      description(), accessibility(), ...image(), urlCol(), noteCol(),
    ],
  },
  event: {
    kind: 'event',
    number: '12',
    slug: 'event',
    title: { ja: 'イベント一覧', en: 'Events' },
    item: { ja: 'イベント', en: 'event' },
    description: { ja: '市が主催・共催するイベントの日時、場所、申込方法です。', en: 'Events the city organises or co-organises: dates, place and how to apply.' },
    tags: ['イベント', '観光'],
    groups: ['culture'],
    columns: [
      ...head(), ...names('イベント名', 'Event name'),
      col('開始日', 'Start date', 'date', attr, { requiredColumn: true, requiredValue: true }),
      col('終了日', 'End date', 'date', attr),
      col('開始時間', 'Start time', 'time', attr),
      col('終了時間', 'End time', 'time', attr),
      col('開始日時特記事項', 'Date notes', 'multiline', attr, { maxLength: 500 }),
      description(),
      col('料金(基本)', 'Fee', 'text', attr, { maxLength: 100 }),
      col('料金(詳細)', 'Fee details', 'multiline', attr, { maxLength: 500 }),
      col('連絡先名称', 'Contact name', 'text', attr, { maxLength: 200 }),
      col('連絡先電話番号', 'Contact phone', 'phone', f('phone')),
      col('連絡先内線番号', 'Contact extension', 'text', attr, { maxLength: 20 }),
      col('連絡先メールアドレス', 'Contact e-mail', 'email', attr),
      col('主催者', 'Organiser', 'text', attr, { maxLength: 200 }),
      col('場所名称', 'Venue', 'text', attr, { maxLength: 200 }),
      ...address(), ...latLon(false),
      col('アクセス方法', 'Access', 'multiline', attr, { maxLength: 500 }),
      col('駐車場情報', 'Parking', 'text', attr, { maxLength: 300 }),
      col('定員', 'Capacity', 'int', attr),
      col('対象者', 'Who may attend', 'text', attr, { maxLength: 300 }),
      col('事前申込', 'Registration needed', 'umu', attr),
      col('申込期限', 'Registration deadline', 'date', attr),
      col('申込方法', 'How to register', 'multiline', attr, { maxLength: 500 }),
      col('申込先名称', 'Register with', 'text', attr, { maxLength: 200 }),
      col('申込先電話番号', 'Registration phone', 'phone', attr),
      ...image(), urlCol(), noteCol(),
    ],
  },
};

/** Columns a staff member edits in the form beyond the common fields (the kind's own attributes). */
export function attributeColumns(kind: PlaceKind): StandardColumn[] {
  return registries[kind].columns.filter((c) => c.target.to === 'attr');
}

/** Column of a kind that maps to a typed field, if the kind has one (e.g. events have no 名称_英字 mapping differences). */
export function columnForField(kind: PlaceKind, field: CoreField): StandardColumn | undefined {
  return registries[kind].columns.find((c) => c.target.to === 'field' && c.target.field === field);
}

/** Standard file name: {6-digit municipality code}_{slug}.{ext}. */
export function standardFileName(tenantCode: string, kind: PlaceKind, ext: 'csv' | 'json' | 'geojson'): string {
  return `${tenantCode}_${registries[kind].slug}.${ext}`;
}

export function kindForSlug(slug: string): PlaceKind | undefined {
  return placeKinds.find((k) => registries[k].slug === slug);
}

/**
 * Columns of the staff form: the kind's standard columns that people edit (not the municipality
 * code and name, which come from the municipality, nor live status), plus an English name where
 * the standard list has none, so every place can be shown in English.
 */
export function formColumns(kind: PlaceKind): StandardColumn[] {
  const columns = registries[kind].columns.filter((c) => c.target.to !== 'tenantCode' && c.target.to !== 'tenantName' && c.target.to !== 'status');
  if (columns.some((c) => c.target.to === 'field' && c.target.field === 'nameEn')) return columns;
  const at = columns.findIndex((c) => c.target.to === 'field' && c.target.field === 'nameKana') + 1;
  return [...columns.slice(0, at), col('名称_英字', 'Name (English)', 'text', f('nameEn'), { maxLength: 200 }), ...columns.slice(at)];
}
