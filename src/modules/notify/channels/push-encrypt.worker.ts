/**
 * Worker thread of push-encrypt.ts: builds encrypted Web Push requests (RFC 8291, web-push's
 * generateRequestDetails) off the main thread, which keeps the event loop free for the SMTP and
 * database work of the other senders.
 */
import { parentPort } from 'node:worker_threads';
import webpush from 'web-push';
import type { EncryptTask } from './push-encrypt.ts';

// Until this arrives (the thread is still loading its modules), the main thread encrypts inline.
parentPort!.postMessage('ready');
parentPort!.on('message', (tasks: EncryptTask[]) => {
  parentPort!.postMessage(
    tasks.map((t) => {
      try {
        const req = webpush.generateRequestDetails(t.subscription, t.payload, t.options);
        return { id: t.id, endpoint: req.endpoint, method: req.method, headers: req.headers as Record<string, string>, body: req.body ? new Uint8Array(req.body) : null };
      } catch (err) {
        return { id: t.id, error: err instanceof Error ? err.message : String(err) };
      }
    }),
  );
});
