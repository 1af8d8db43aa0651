/** What the delivery engine hands a channel, and what the channel reports back per delivery. */
import type { Language } from '../model.ts';

export interface OutgoingDelivery {
  tenant: string;
  broadcastId: string;
  subscriptionId: string;
  /** Stable across retries: the same delivery always carries the same id, so receivers can drop repeats. */
  messageId: string;
  /** Decrypted address: e-mail address, push subscription JSON, LINE user id, or webhook {url, secret} JSON. */
  address: string;
  language: Language;
  urgent: boolean;
  title: string;
  body: string;
  url: string;
  /** Signed links for e-mail (List-Unsubscribe) and the manage page. */
  manageUrl: string;
  unsubscribeUrl: string;
  /** Payload fields for machine channels (webhooks). */
  meta: { topic: string; status: string; areas: string[] | null; sourceKind: string; sourceId: string; sourceRevision: number };
}

export type Outcome =
  | { kind: 'sent' }
  /** Retry later with back-off (timeouts, 4xx from SMTP, 429/5xx from HTTP, a refusing server). */
  | { kind: 'transient'; error: string }
  /** Never retry this delivery; `effect` says what happens to the subscription. */
  | { kind: 'permanent'; error: string; effect: 'none' | 'bounce' | 'remove' | 'end' };

/** Sends a batch; calls report() as each delivery's outcome becomes known (so it can be recorded at once). */
export type SendBatch = (batch: OutgoingDelivery[], report: (d: OutgoingDelivery, outcome: Outcome) => void) => Promise<void>;

/** Runs fn over items with at most `limit` in flight. */
export async function withConcurrency<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  });
  await Promise.all(runners);
}

export const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err)).slice(0, 500);
