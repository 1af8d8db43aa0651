/**
 * Photos of places, kept in the database with their alternative text in Japanese and English.
 * Only cleaned images are stored (platform/files/image-clean.ts: no EXIF/XMP/IPTC, bounded dimensions).
 */
import type { Queryable } from '../../../platform/db/index.ts';

export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;

export async function listPhotos(tx: Queryable, tenant: string, placeId: string): Promise<{ id: string; altJa: string; altEn: string }[]> {
  const rows = await tx.query<{ id: string; alt_ja: string; alt_en: string }>(
    'SELECT id, alt_ja, alt_en FROM place_photos WHERE tenant_id = $1 AND place_id = $2 ORDER BY created_at',
    [tenant, placeId],
  );
  return rows.map((r) => ({ id: r.id, altJa: r.alt_ja, altEn: r.alt_en }));
}

export async function addPhoto(tx: Queryable, tenant: string, placeId: string, photo: { content: Buffer; contentType: string; altJa: string; altEn: string }): Promise<string> {
  const [row] = await tx.query<{ id: string }>(
    'INSERT INTO place_photos (tenant_id, place_id, content, content_type, alt_ja, alt_en) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
    [tenant, placeId, photo.content, photo.contentType, photo.altJa, photo.altEn],
  );
  return row!.id;
}

export async function getPhoto(tx: Queryable, tenant: string, placeId: string, id: string): Promise<{ content: Buffer; contentType: string } | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id) || !/^[0-9a-f-]{36}$/i.test(placeId)) return null;
  const [row] = await tx.query<{ content: Uint8Array; content_type: string }>(
    'SELECT content, content_type FROM place_photos WHERE tenant_id = $1 AND place_id = $2 AND id = $3',
    [tenant, placeId, id],
  );
  return row ? { content: Buffer.from(row.content), contentType: row.content_type } : null;
}

export async function deletePhoto(tx: Queryable, tenant: string, placeId: string, id: string): Promise<boolean> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return false;
  const rows = await tx.query('DELETE FROM place_photos WHERE tenant_id = $1 AND place_id = $2 AND id = $3 RETURNING id', [tenant, placeId, id]);
  return rows.length > 0;
}
