/**
 * Push island of /subscribe. The controls are hidden in the HTML (push needs JavaScript; the page
 * says so in <noscript>) and revealed only when the browser supports Web Push. Permission is asked
 * only after the person presses the button; the subscription is posted with the topics, areas and
 * language chosen in the form on the same page.
 */
const controls = document.getElementById('push-controls');
const button = document.getElementById('push-button') as HTMLButtonElement | null;
const status = document.getElementById('push-status');

function say(key: 'unsupported' | 'denied' | 'done' | 'failed', link?: string) {
  if (!status) return;
  status.textContent = status.dataset[key] ?? '';
  if (link) {
    const a = document.createElement('a');
    a.href = link;
    a.textContent = link.startsWith('/subscribe/manage') ? (document.documentElement.lang === 'en' ? 'Change or stop' : '変更・停止') : link;
    status.append(' ', a);
  }
}

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const b64 = (base64url + '='.repeat((4 - (base64url.length % 4)) % 4)).replace(/-/g, '+').replace(/_/g, '/');
  const raw = atob(b64);
  const out = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

function chosen(name: string): string[] {
  return [...document.querySelectorAll<HTMLInputElement>(`input[name="${name}"]:checked`)].map((i) => i.value);
}

if (controls && button) {
  if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) {
    controls.hidden = false;
    button.hidden = true;
    say('unsupported');
  } else {
    controls.hidden = false;
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        const permission = await Notification.requestPermission();
        if (permission !== 'granted') return say('denied');
        const reg = await navigator.serviceWorker.register('/notify-sw.js', { scope: '/' });
        await navigator.serviceWorker.ready;
        const sub = (await reg.pushManager.getSubscription()) ?? (await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(controls.dataset.vapidKey ?? '') }));
        const res = await fetch('/notify/push', {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': controls.dataset.csrf ?? '' },
          body: JSON.stringify({ subscription: sub.toJSON(), topics: chosen('topics'), areas: chosen('areas'), language: chosen('language')[0] ?? 'ja' }),
        });
        if (!res.ok) return say('failed');
        const body = (await res.json()) as { manageUrl?: string };
        say('done', body.manageUrl);
      } catch {
        say('failed');
      } finally {
        button.disabled = false;
      }
    });
  }
}
