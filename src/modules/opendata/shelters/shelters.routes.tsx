/**
 * Staff shelter screens, made for a phone: /staff/shelters lists every shelter with its status;
 * one tap opens a shelter's page with big buttons to open or close it and set the crowding level
 * (or enter a head count). Every change is recorded in the history and the audit log.
 */
import { Hono } from 'hono';
import { AppError, type FieldError } from '../../../platform/errors/index.ts';
import { audit, pageContext, seeOther, tenantTx, type AppEnv } from '../../../platform/http/index.ts';
import { normalizeDigits } from '../../../platform/validation/index.ts';
import { shelterText as m } from '../opendata.messages.ts';
import { staffAllowedTo } from '../places/places.routes.tsx';
import { StaffShelterListPage, StaffShelterPage } from '../views/shelters.tsx';
import { isCrowding } from './crowding.ts';
import { forgetShelters } from './shelter-cache.ts';
import { changeShelterStatus, getShelterStatus, lastChangeBy, listShelters, shelterHistory, type StatusChange } from './shelters.service.ts';
import { getPlace } from '../places/places.service.ts';

export const shelterRoutes = new Hono<AppEnv>();

shelterRoutes.get('/staff/shelters', async (c) => {
  staffAllowedTo(c, 'updateShelterStatus');
  const { shelters, who } = await tenantTx(c, async (tx) => ({ shelters: await listShelters(tx, c.var.tenant.code), who: await lastChangeBy(tx, c.var.tenant.code) }));
  return c.html(<StaffShelterListPage ctx={pageContext(c)} shelters={shelters} who={who} />);
});

async function shelterPage(c: Parameters<typeof staffAllowedTo>[0], id: string, errors: FieldError[], status: 200 | 400 | 409) {
  const found = await tenantTx(c, async (tx) => {
    const place = await getPlace(tx, c.var.tenant.code, id);
    if (!place || place.kind !== 'shelter') return null;
    return { place, status: await getShelterStatus(tx, c.var.tenant.code, id), history: await shelterHistory(tx, c.var.tenant.code, id) };
  });
  if (!found) throw new AppError('not_found');
  const notice = c.req.query('done') === '1' ? m.changed : null;
  return c.html(<StaffShelterPage ctx={pageContext(c)} shelter={{ place: found.place, status: found.status }} history={found.history} notice={notice} errors={errors} />, status);
}

shelterRoutes.get('/staff/shelters/:id', (c) => {
  staffAllowedTo(c, 'updateShelterStatus');
  return shelterPage(c, c.req.param('id'), [], 200);
});

shelterRoutes.post('/staff/shelters/:id/status', async (c) => {
  const staff = staffAllowedTo(c, 'updateShelterStatus');
  const id = c.req.param('id');
  const body = await c.req.parseBody();
  const action = body['action'];
  let change: StatusChange;
  if (action === 'open' || action === 'close') change = { action };
  else if (action === 'crowding' && typeof body['crowding'] === 'string' && isCrowding(body['crowding'])) change = { action, crowding: body['crowding'] };
  else if (action === 'headcount') {
    const raw = typeof body['headcount'] === 'string' ? normalizeDigits(body['headcount']) : '';
    if (!/^\d{1,6}$/.test(raw)) return shelterPage(c, id, [{ field: 'headcount', message: m.headcountInvalid }], 400);
    change = { action, headcount: Number(raw) };
  } else throw new AppError('validation_failed');
  const result = await tenantTx(c, async (tx) => {
    const r = await changeShelterStatus(tx, c.var.tenant.code, id, change, { kind: 'staff', id: staff.id, name: staff.displayName });
    if (r.ok)
      await audit(c, tx, {
        action: 'shelter.status.change',
        recordType: 'place',
        recordId: id,
        details: { change, before: { isOpen: r.before.isOpen, crowding: r.before.crowding }, after: { isOpen: r.after.isOpen, crowding: r.after.crowding, headcount: r.after.headcount } },
      });
    return r;
  });
  if (!result.ok) {
    if (result.reason === 'not_found') throw new AppError('not_found');
    const message = result.reason === 'not_open' ? m.mustOpenFirst : m.headcountNeedsCapacity;
    return shelterPage(c, id, [{ field: 'headcount', message }], 409);
  }
  forgetShelters(c.var.deps.db, c.var.tenant.code);
  return seeOther(c, `/staff/shelters/${id}?done=1`);
});
