/**
 * DeliveryProgress island: while a send is running, refetch the page every 3 seconds and swap in
 * the new progress section (the server renders it; this script only moves HTML). Without
 * JavaScript the 「更新」 link does the same by hand.
 */
const INTERVAL_MS = 3000;

async function refresh(): Promise<void> {
  const current = document.getElementById('delivery-progress');
  if (!current || current.dataset.running !== 'true') return;
  try {
    const res = await fetch(current.dataset.refresh ?? location.href, { credentials: 'same-origin', headers: { accept: 'text/html' } });
    if (res.ok) {
      const next = new DOMParser().parseFromString(await res.text(), 'text/html').getElementById('delivery-progress');
      if (next) current.replaceWith(document.importNode(next, true));
    }
  } catch {
    // Offline for a moment: try again on the next tick.
  }
  setTimeout(refresh, INTERVAL_MS);
}

setTimeout(refresh, INTERVAL_MS);
