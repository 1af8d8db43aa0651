/**
 * Base map tiles of the public map, per municipality. Default: the GSI standard tiles (地理院タイル)
 * in production and development; none in tests (no outbound requests). An administrator may set
 * another tile server or none (for networks that cannot reach one).
 */
import type { Queryable } from '../../platform/db/index.ts';

export interface TileSettings {
  url: string;
  attribution: string;
}

export const GSI_STANDARD: TileSettings = {
  url: 'https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png',
  attribution: '出典: 地理院タイル（国土地理院）',
};

export const isTileUrl = (s: string) => /^https:\/\/[^\s"'<>]+$/.test(s) && s.includes('{z}') && s.includes('{x}') && s.includes('{y}') && URL.canParse(s.replace(/[{}]/g, ''));

/** The municipality's tiles; null means "no base map". */
export async function tileSettings(tx: Queryable, tenant: string, environment: string): Promise<TileSettings | null> {
  const [row] = await tx.query<{ tile_url: string; tile_attribution: string }>('SELECT tile_url, tile_attribution FROM map_settings WHERE tenant_id = $1', [tenant]);
  if (row) return row.tile_url ? { url: row.tile_url, attribution: row.tile_attribution } : null;
  return environment === 'test' ? null : GSI_STANDARD;
}

export async function saveTileSettings(tx: Queryable, tenant: string, tiles: TileSettings | null): Promise<void> {
  await tx.query(
    `INSERT INTO map_settings (tenant_id, tile_url, tile_attribution) VALUES ($1, $2, $3)
     ON CONFLICT (tenant_id) DO UPDATE SET tile_url = EXCLUDED.tile_url, tile_attribution = EXCLUDED.tile_attribution, updated_at = now()`,
    [tenant, tiles?.url ?? '', tiles?.attribution ?? ''],
  );
}

/** The origin to allow in the page's Content-Security-Policy img-src, if tiles come from elsewhere. */
export function tileOrigin(tiles: TileSettings | null): string | null {
  if (!tiles) return null;
  try {
    return new URL(tiles.url.replace(/\{[a-z]\}/g, '0')).origin;
  } catch {
    return null;
  }
}
