/**
 * Fictional places, shelters, datasets and a hazard layer for the demo municipality みなと野市.
 * Every name and address is invented (prefecture 架空県); positions lie on a small stretch of
 * coast so the map looks like a town. Idempotent: records that exist are left as they are.
 */
import type { Deps } from '../../platform/http/index.ts';
import { withTenant } from '../../platform/tenancy/index.ts';
import { addResource, createDataset, getDataset } from './catalog/datasets.service.ts';
import { addHazardLayer, listHazardLayers } from './hazards/hazards.service.ts';
import { validatePlaceValues } from './places/place.ts';
import { createPlace, getPlaceByLocalId } from './places/places.service.ts';
import { formColumns, type PlaceKind } from './registries.ts';
import { changeShelterStatus } from './shelters/shelters.service.ts';

const LAT = 34.6;
const LON = 133.77;
const at = (dLat: number, dLon: number) => ({ 緯度: (LAT + dLat).toFixed(5), 経度: (LON + dLon).toFixed(5) });
const addr = (town: string, rest: string) => ({ 所在地_連結表記: `架空県みなと野市${town}${rest}`, 所在地_都道府県: '架空県', 所在地_市区町村: 'みなと野市', 所在地_町字: town, 所在地_番地以下: rest });

type Seed = Record<string, string>;

const places: Record<PlaceKind, Seed[]> = {
  shelter: [
    { ID: '001', 名称: 'みなと野市立本町小学校', 名称_カナ: 'ミナトノシリツホンマチショウガッコウ', 名称_英字: 'Honmachi Elementary School', ...addr('本町', '三丁目1番1号'), ...at(0.004, -0.006), 電話番号: '000-100-0001', 災害種別_洪水: '1', 災害種別_地震: '1', 災害種別_大規模な火事: '1', 指定避難所との重複: '1', 想定収容人数: '600', '対象となる町会・自治会': '本町一区、本町二区' },
    { ID: '002', 名称: '港町公民館', 名称_カナ: 'ミナトマチコウミンカン', 名称_英字: 'Minatomachi Community Hall', ...addr('港町', '二丁目4番5号'), ...at(-0.006, 0.008), 電話番号: '000-100-0002', 災害種別_地震: '1', 災害種別_大規模な火事: '1', 指定避難所との重複: '1', 想定収容人数: '150', '対象となる町会・自治会': '港町' },
    { ID: '003', 名称: '緑ケ丘中学校', 名称_カナ: 'ミドリガオカチュウガッコウ', 名称_英字: 'Midorigaoka Junior High School', ...addr('緑ケ丘', '一丁目10番1号'), ...at(0.015, 0.004), 電話番号: '000-100-0003', 災害種別_洪水: '1', '災害種別_崖崩れ、土石流及び地滑り': '', 災害種別_高潮: '1', 災害種別_地震: '1', 災害種別_津波: '1', 災害種別_大規模な火事: '1', 災害種別_内水氾濫: '1', 指定避難所との重複: '1', 想定収容人数: '800', '対象となる町会・自治会': '緑ケ丘、新田' },
    { ID: '004', 名称: '汐見台高台公園', 名称_カナ: 'シオミダイタカダイコウエン', 名称_英字: 'Shiomidai Hilltop Park', ...addr('汐見台', '五丁目'), ...at(0.01, 0.018), 災害種別_津波: '1', 災害種別_高潮: '1', 災害種別_地震: '1', 想定収容人数: '2000', 備考: '屋外の避難場所です（建物はありません）。' },
    { ID: '005', 名称: 'みなと野市民体育館', 名称_カナ: 'ミナトノシミンタイイクカン', 名称_英字: 'Minatono City Gymnasium', ...addr('本町', '四丁目2番1号'), ...at(0.001, 0.002), 電話番号: '000-100-0005', 災害種別_地震: '1', 災害種別_大規模な火事: '1', 災害種別_内水氾濫: '', 指定避難所との重複: '1', 想定収容人数: '500' },
    { ID: '006', 名称: '山手地区センター', 名称_カナ: 'ヤマテチクセンター', 名称_英字: 'Yamate District Centre', ...addr('山手', '二丁目8番3号'), ...at(0.022, -0.012), 電話番号: '000-100-0006', 災害種別_洪水: '1', 災害種別_地震: '1', 災害種別_津波: '1', 災害種別_高潮: '1', 指定避難所との重複: '1', 想定収容人数: '200' },
    { ID: '007', 名称: '新田小学校', 名称_カナ: 'シンデンショウガッコウ', 名称_英字: 'Shinden Elementary School', ...addr('新田', '1番地'), ...at(-0.002, -0.02), 電話番号: '000-100-0007', 災害種別_地震: '1', 災害種別_大規模な火事: '1', 指定避難所との重複: '1', 想定収容人数: '450' },
    { ID: '008', 名称: '火の見山ふもと広場', 名称_カナ: 'ヒノミヤマフモトヒロバ', 名称_英字: 'Hinomiyama Foothill Square', ...addr('山手', '六丁目'), ...at(0.03, -0.004), 災害種別_火山現象: '', 災害種別_大規模な火事: '1', 災害種別_地震: '1', 想定収容人数: '1500', 備考: '屋外の避難場所です。' },
  ],
  facility: [
    { ID: '1', 名称: 'みなと野市役所 本庁舎', 名称_カナ: 'ミナトノシヤクショホンチョウシャ', 名称_英字: 'Minatono City Hall', ...addr('本町', '一丁目1番1号'), ...at(0, 0), 電話番号: '000-100-1000', 利用可能曜日: '月火水木金', 開始時間: '08:30', 終了時間: '17:15', 利用可能日時特記事項: '土日祝日・年末年始は休み', バリアフリー情報: '車いす用駐車場、多機能トイレ、エレベーター、筆談ボード', URL: 'https://minatono.example.jp/' },
    { ID: '2', 名称: 'みなと野市立中央図書館', 名称_カナ: 'ミナトノシリツチュウオウトショカン', 名称_英字: 'Minatono Central Library', ...addr('本町', '二丁目3番4号'), ...at(0.002, -0.003), 電話番号: '000-100-1001', 利用可能曜日: '火水木金土日', 開始時間: '09:00', 終了時間: '19:00', 利用可能日時特記事項: '月曜休館', バリアフリー情報: '段差なし、拡大読書器、多機能トイレ' },
    { ID: '3', 名称: 'みなと野市民体育館', 名称_カナ: 'ミナトノシミンタイイクカン', 名称_英字: 'Minatono City Gymnasium', ...addr('本町', '四丁目2番1号'), ...at(0.001, 0.002), 電話番号: '000-100-1002', 利用可能曜日: '毎日', 開始時間: '09:00', 終了時間: '21:00' },
    { ID: '4', 名称: '港町公民館', 名称_カナ: 'ミナトマチコウミンカン', ...addr('港町', '二丁目4番5号'), ...at(-0.006, 0.008), 電話番号: '000-100-1003', 利用可能曜日: '月火水木金土', 開始時間: '09:00', 終了時間: '22:00' },
    { ID: '5', 名称: '緑ケ丘コミュニティセンター', 名称_カナ: 'ミドリガオカコミュニティセンター', ...addr('緑ケ丘', '二丁目5番2号'), ...at(0.013, 0.007), 電話番号: '000-100-1004' },
    { ID: '6', 名称: '汐見台出張所', 名称_カナ: 'シオミダイシュッチョウジョ', 名称_英字: 'Shiomidai Branch Office', ...addr('汐見台', '一丁目1番2号'), ...at(0.006, 0.014), 電話番号: '000-100-1005', 利用可能曜日: '月火水木金', 開始時間: '08:30', 終了時間: '17:15' },
    { ID: '7', 名称: 'みなと野市保健センター', 名称_カナ: 'ミナトノシホケンセンター', 名称_英字: 'Minatono Health Centre', ...addr('本町', '一丁目5番8号'), ...at(-0.001, 0.001), 電話番号: '000-100-1006' },
  ],
  aed: [
    { ID: 'A01', 名称: 'みなと野市役所 本庁舎', 名称_カナ: 'ミナトノシヤクショホンチョウシャ', ...addr('本町', '一丁目1番1号'), ...at(0, 0), 設置位置: '1階 総合案内横', 利用可能曜日: '月火水木金', 開始時間: '08:30', 終了時間: '17:15', 小児対応設備の有無: '有' },
    { ID: 'A02', 名称: 'みなと野市立中央図書館', 名称_カナ: 'ミナトノシリツチュウオウトショカン', ...addr('本町', '二丁目3番4号'), ...at(0.002, -0.003), 設置位置: '入口カウンター', 小児対応設備の有無: '有' },
    { ID: 'A03', 名称: 'みなと野市民体育館', 名称_カナ: 'ミナトノシミンタイイクカン', ...addr('本町', '四丁目2番1号'), ...at(0.001, 0.002), 設置位置: '1階 事務室前', 小児対応設備の有無: '無' },
    { ID: 'A04', 名称: '港町公民館', 名称_カナ: 'ミナトマチコウミンカン', ...addr('港町', '二丁目4番5号'), ...at(-0.006, 0.008), 設置位置: '玄関ホール', 小児対応設備の有無: '無' },
    { ID: 'A05', 名称: 'みなと野駅前交番（架空）', 名称_カナ: 'ミナトノエキマエコウバン', ...addr('本町', '五丁目'), ...at(-0.003, -0.001), 設置位置: '屋外ボックス', 利用可能日時特記事項: '24時間利用可', 小児対応設備の有無: '有' },
  ],
  toilet: [
    { ID: 'T1', 名称: 'みなと野駅前公衆トイレ', 名称_カナ: 'ミナトノエキマエコウシュウトイレ', ...addr('本町', '五丁目'), ...at(-0.0035, -0.0015), 男性トイレ総数: '3', 女性トイレ総数: '3', バリアフリートイレ数: '1', 車椅子使用者用トイレ有無: '有', 乳幼児用設備設置トイレ有無: '有', オストメイト設置トイレ有無: '有', 利用開始時間: '00:00', 利用終了時間: '24:00' },
    { ID: 'T2', 名称: '港町緑地トイレ', 名称_カナ: 'ミナトマチリョクチトイレ', ...addr('港町', '一丁目'), ...at(-0.009, 0.006), 男性トイレ総数: '2', 女性トイレ総数: '2', 車椅子使用者用トイレ有無: '無', 利用開始時間: '06:00', 利用終了時間: '21:00' },
    { ID: 'T3', 名称: '汐見台高台公園トイレ', 名称_カナ: 'シオミダイタカダイコウエントイレ', ...addr('汐見台', '五丁目'), ...at(0.0105, 0.0175), 男女共用トイレ総数: '2', バリアフリートイレ数: '1', 車椅子使用者用トイレ有無: '有' },
  ],
  wifi: [
    { ID: 'W1', 名称: 'みなと野市役所 本庁舎', 名称_カナ: 'ミナトノシヤクショホンチョウシャ', ...addr('本町', '一丁目1番1号'), ...at(0, 0), 設置者: 'みなと野市', SSID: 'Minatono_Free_Wi-Fi' },
    { ID: 'W2', 名称: 'みなと野市立中央図書館', 名称_カナ: 'ミナトノシリツチュウオウトショカン', ...addr('本町', '二丁目3番4号'), ...at(0.002, -0.003), 設置者: 'みなと野市', SSID: 'Minatono_Free_Wi-Fi' },
  ],
  childcare: [
    { ID: 'C1', 名称: 'みなと野市立本町保育所', 名称_カナ: 'ミナトノシリツホンマチホイクショ', ...addr('本町', '三丁目6番1号'), ...at(0.005, -0.004), 種別: '認可保育所', 電話番号: '000-100-2001', 定員: '90', 対象年齢: '0歳〜5歳', 開始時間: '07:30', 終了時間: '18:30' },
    { ID: 'C2', 名称: '緑ケ丘こども園', 名称_カナ: 'ミドリガオカコドモエン', ...addr('緑ケ丘', '三丁目2番7号'), ...at(0.016, 0.009), 種別: '認定こども園', 電話番号: '000-100-2002', 定員: '120', 対象年齢: '0歳〜5歳' },
    { ID: 'C3', 名称: 'みなと野子育て支援センター', 名称_カナ: 'ミナトノコソダテシエンセンター', ...addr('本町', '一丁目5番8号'), ...at(-0.001, 0.001), 種別: '地域子育て支援拠点', 電話番号: '000-100-2003', 対象年齢: '就学前の子どもと保護者' },
  ],
  event: [
    { ID: 'E1', イベント名: 'みなと野市総合防災訓練', イベント名_カナ: 'ミナトノシソウゴウボウサイクンレン', イベント名_英字: 'Minatono City disaster drill', 開始日: '2026-09-01', 開始時間: '09:00', 終了時間: '12:00', 説明: '地震と津波を想定した避難訓練です。どなたでも参加できます。', 場所名称: '緑ケ丘中学校', ...addr('緑ケ丘', '一丁目10番1号'), ...at(0.015, 0.004), 主催者: 'みなと野市 防災課', 事前申込: '無' },
    { ID: 'E2', イベント名: 'スマホ講座（はじめてのマイナンバーカード申請）', イベント名_カナ: 'スマホコウザ', 開始日: '2026-06-14', 開始時間: '13:30', 終了時間: '15:00', 説明: 'スマートフォンでの手続のしかたを、職員がお手伝いします。', 場所名称: 'みなと野市立中央図書館 会議室', ...addr('本町', '二丁目3番4号'), ...at(0.002, -0.003), 定員: '20', 事前申込: '有', 申込方法: '電話またはオンライン申請' },
  ],
};

const datasetSeeds = [
  {
    input: { name: 'population-by-town', titleJa: '町字別人口・世帯数', titleEn: 'Population and households by town', notesJa: '住民基本台帳による町字別の人口と世帯数です（毎月1日現在）。', notesEn: 'Population and households by town from the basic resident register (as of the 1st of each month).', departmentId: null, tags: ['人口', '統計', '世帯'], groups: ['population'], licenseId: 'cc-by-4.0', updateFrequency: 'monthly' },
    file: { nameJa: '町字別人口（2026年4月1日現在）', nameEn: 'Population by town (1 April 2026)', descriptionJa: '', format: 'CSV', mediaType: 'text/csv', fileName: '990019_population_by_town_202604.csv', content: Buffer.from('町字,世帯数,人口,男,女\r\n本町,3120,6980,3350,3630\r\n港町,1840,4010,1990,2020\r\n緑ケ丘,2210,5630,2740,2890\r\n汐見台,1505,3420,1660,1760\r\n新田,980,2510,1230,1280\r\n山手,760,1890,910,980\r\n') },
  },
  {
    input: { name: 'dx-plan-kpi', titleJa: 'DX推進計画 KPI実績', titleEn: 'Digital transformation plan: KPI results', notesJa: 'みなと野市DX推進計画の重要業績評価指標（KPI）の目標と実績です。', notesEn: 'Targets and results of the key performance indicators of the city\'s digital transformation plan.', departmentId: null, tags: ['DX', '計画', 'KPI'], groups: ['administration'], licenseId: 'cc-by-4.0', updateFrequency: 'annual' },
    file: { nameJa: 'KPI実績（令和7年度）', nameEn: 'KPI results (FY2025)', descriptionJa: '', format: 'CSV', mediaType: 'text/csv', fileName: '990019_dx_kpi_2025.csv', content: Buffer.from('指標,基準値,目標値,実績値\r\nオープンデータ公開数,15,25,18\r\nスマホ講座参加者数,50,100,72\r\nコンビニ交付件数,300,1200,640\r\n') },
  },
];

/** Seeds the demo municipality's open data; safe to run on every start. */
export async function seedDemoOpenData(deps: Deps, tenantCode: string): Promise<void> {
  await withTenant(deps.db, tenantCode, async (tx) => {
    for (const [kind, seeds] of Object.entries(places) as [PlaceKind, Seed[]][]) {
      for (const seed of seeds) {
        if (await getPlaceByLocalId(tx, tenantCode, kind, seed['ID']!)) continue;
        const { input, problems } = validatePlaceValues(kind, { ...seed, 所在地_全国地方公共団体コード: tenantCode }, tenantCode, formColumns(kind));
        if (problems.length) throw new Error(`demo ${kind} ${seed['ID']}: ${problems.map((p) => p.message.en).join('; ')}`);
        await createPlace(tx, tenantCode, kind, input, 'seed');
      }
    }
    for (const d of datasetSeeds) {
      if (await getDataset(tx, tenantCode, d.input.name)) continue;
      const created = await createDataset(tx, tenantCode, d.input);
      if (created) await addResource(tx, tenantCode, created.id, d.file);
    }
    if (!(await listHazardLayers(tx, tenantCode)).length) {
      await addHazardLayer(tx, tenantCode, {
        nameJa: '洪水浸水想定区域（みなと川・架空）',
        nameEn: 'Flood inundation zones (Minato River, fictional)',
        hazard: 'flood',
        sourceJa: 'みなと野市 防災課（デモ用の架空データ）',
        classProperty: '浸水深',
        geojson: demoFloodZones(),
      });
    }
    const demoActor = { kind: 'system' as const, id: null, name: 'デモデータ' };
    const open = [['001', 'vacant'], ['002', 'moderate']] as const;
    for (const [localId, crowding] of open) {
      const shelter = await getPlaceByLocalId(tx, tenantCode, 'shelter', localId);
      const [status] = await tx.query('SELECT 1 FROM shelter_status WHERE tenant_id = $1 AND place_id = $2', [tenantCode, shelter!.id]);
      if (status) continue;
      await changeShelterStatus(tx, tenantCode, shelter!.id, { action: 'open' }, demoActor);
      await changeShelterStatus(tx, tenantCode, shelter!.id, { action: 'crowding', crowding }, demoActor);
    }
  });
}

function demoFloodZones() {
  const ring = (pts: [number, number][]) => [[...pts, pts[0]!].map(([dLon, dLat]) => [+(LON + dLon).toFixed(5), +(LAT + dLat).toFixed(5)])];
  return {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', properties: { 浸水深: '0.5m未満' }, geometry: { type: 'Polygon', coordinates: ring([[-0.025, -0.012], [0.02, -0.012], [0.02, -0.002], [-0.025, -0.002]]) } },
      { type: 'Feature', properties: { 浸水深: '0.5〜3.0m' }, geometry: { type: 'Polygon', coordinates: ring([[-0.025, -0.02], [0.02, -0.02], [0.02, -0.012], [-0.025, -0.012]]) } },
      { type: 'Feature', properties: { 浸水深: '3.0〜5.0m' }, geometry: { type: 'Polygon', coordinates: ring([[-0.02, -0.028], [0.015, -0.028], [0.015, -0.02], [-0.02, -0.02]]) } },
    ],
  };
}
