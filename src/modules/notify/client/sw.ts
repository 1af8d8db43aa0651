/**
 * Service worker (served at /notify-sw.js, scope "/"): shows each push as a notification and opens
 * the message's page when it is clicked. The payload is JSON {id, title, body, url}; the id is the
 * delivery's stable id (ADR 47). A sender that crashed after the push service accepted a message
 * sends it again with the same id; the worker remembers the ids it has shown (Cache Storage, 30
 * days) so the person sees it once: a repeat whose notification is still open replaces it silently
 * (same tag, no sound), and a repeat of one the person already dismissed is not shown again.
 */
// The project compiles with the DOM library, not WebWorker (the two clash); these are the few
// service-worker types this file uses.
interface ExtendableEvent extends Event {
  waitUntil(p: Promise<unknown>): void;
}
interface PushEvent extends ExtendableEvent {
  data: { json(): unknown } | null;
}
interface NotificationEvent extends ExtendableEvent {
  notification: Notification;
}
interface WorkerScope {
  registration: ServiceWorkerRegistration;
  location: Location;
  clients: { openWindow(url: string): Promise<unknown> };
  addEventListener(type: 'push', fn: (e: PushEvent) => void): void;
  addEventListener(type: 'notificationclick', fn: (e: NotificationEvent) => void): void;
}
declare const self: WorkerScope;

interface PushPayload {
  id: string;
  title: string;
  body: string;
  url: string;
}

const SEEN_CACHE = 'yakuba-push-seen-v1';
const SEEN_DAYS = 30;
const seenKey = (id: string) => new URL(`/.push-seen/${encodeURIComponent(id)}`, self.location.origin).href;

/** Drops remembered ids older than SEEN_DAYS (run now and then, not on every push). */
async function pruneSeen(cache: Cache): Promise<void> {
  const cutoff = Date.now() - SEEN_DAYS * 86_400_000;
  for (const req of await cache.keys()) {
    const at = Number(await (await cache.match(req))?.text());
    if (!(at > cutoff)) await cache.delete(req);
  }
}

async function show(data: PushPayload): Promise<void> {
  const options = { body: data.body, tag: data.id, data: { url: data.url } };
  const cache = await caches.open(SEEN_CACHE);
  if (await cache.match(seenKey(data.id))) {
    // Already shown once. Still open: replace it in place, silently; dismissed: leave it so.
    const open = await self.registration.getNotifications({ tag: data.id });
    if (open.length) await self.registration.showNotification(data.title, { ...options, silent: true });
    return;
  }
  // Remembered before showing, so a repeat arriving meanwhile is not shown a second time.
  await cache.put(seenKey(data.id), new Response(String(Date.now())));
  try {
    await self.registration.showNotification(data.title, options);
  } catch (err) {
    await cache.delete(seenKey(data.id));
    throw err;
  }
  if (Math.random() < 0.02) await pruneSeen(cache);
}

self.addEventListener('push', (event) => {
  let data: PushPayload;
  try {
    data = event.data?.json() as PushPayload;
  } catch {
    return;
  }
  if (!data?.title || typeof data.id !== 'string') return;
  event.waitUntil(show(data));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = (event.notification.data as { url?: string } | null)?.url;
  if (url && new URL(url, self.location.origin).origin === self.location.origin) event.waitUntil(self.clients.openWindow(url));
});

export {};
