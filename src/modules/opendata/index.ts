/**
 * Places, open data and the public map (issue 5): the registries staff keep (facilities, shelters,
 * AED, toilets, Wi-Fi, child care, events), published as 自治体標準オープンデータセット; the
 * catalog with its CKAN-compatible API and DCAT; shelters with live crowding; hazard layers.
 */
import { opendataRoutes } from './opendata.routes.ts';

import type { ModuleRoutes } from '../../platform/http/index.ts';

export const opendataModule: ModuleRoutes = {
  routes: opendataRoutes,
  links: {
    resident: [
      { href: '/shelters', title: { ja: '避難所の開設・混雑状況', en: 'Shelters: open and how crowded' }, description: { ja: '開設中の避難所と混み具合を確認できます。', en: 'See which shelters are open and how crowded they are.' } },
      { href: '/map', title: { ja: '地図・施設一覧', en: 'Map and places' }, description: { ja: '公共施設、避難場所、AED、公衆トイレを地図と一覧で探せます。', en: 'Find public facilities, evacuation sites, AEDs and toilets on a map or in a list.' } },
      { href: '/opendata', title: { ja: 'オープンデータ', en: 'Open data' }, description: { ja: '市が公開しているデータをダウンロードできます（CC BY 4.0）。', en: 'Download the data the city publishes (CC BY 4.0).' } },
    ],
    staff: [
      { href: '/staff/shelters', title: { ja: '避難所の開設・混雑', en: 'Shelter status' }, description: { ja: '避難所の開設・閉鎖と混雑状況をスマートフォンから更新します。', en: 'Open and close shelters and set how crowded they are, from a phone.' } },
      { href: '/staff/places', title: { ja: '施設台帳', en: 'Place registries' }, description: { ja: '公共施設・避難所・AEDなどの台帳。更新するとオープンデータに反映されます。', en: 'Registries of facilities, shelters, AEDs and more; changes are published as open data.' } },
      { href: '/staff/opendata/datasets', title: { ja: 'オープンデータの公開', en: 'Publish open data' }, description: { ja: 'データセットの登録と、ハザードマップの重ね合わせ。', en: 'Register datasets and hazard map layers.' } },
    ],
  },
};
export { seedDemoOpenData } from './opendata.seed.ts';
export { opendataApi } from './opendata.api.ts';
/** For an alert module: read shelters and their current status (inside withTenant). Never sends anything. */
export { listShelters, type ShelterWithStatus } from './shelters/shelters.service.ts';
export type { ShelterStatus, Crowding } from './shelters/crowding.ts';
