/**
 * Service worker (served at /notify-sw.js, scope "/"): shows each push as a notification and opens
 * the message's page when it is clicked. The payload is JSON {id, title, body, url}; the id is the
 * delivery's stable id, used as the tag so a repeated delivery replaces rather than duplicates.
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

self.addEventListener('push', (event) => {
  let data: PushPayload;
  try {
    data = event.data?.json() as PushPayload;
  } catch {
    return;
  }
  if (!data?.title) return;
  event.waitUntil(self.registration.showNotification(data.title, { body: data.body, tag: data.id, data: { url: data.url } }));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = (event.notification.data as { url?: string } | null)?.url;
  if (url && new URL(url, self.location.origin).origin === self.location.origin) event.waitUntil(self.clients.openWindow(url));
});

export {};
