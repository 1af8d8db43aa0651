/**
 * The module's one script island (a few KB); the map library is loaded only when someone asks for
 * the map. Without JavaScript every page still works: the list is the primary view, filters are
 * plain forms, and refreshing the page shows the current shelter status.
 *  - [data-show-map]: a button that loads the map (map-view.ts, with Leaflet) into its container.
 *  - [data-near-me]: fills the filter form's lat/lon from the browser's position and submits it.
 *  - [data-live-region]: on the shelter list, polls the status every 15 s and announces changes.
 *  - [data-map-picker]: on the staff form, picks latitude/longitude on a map.
 */
const lang = document.documentElement.lang === 'en' ? 'en' : 'ja';
/** The `?v=…` this script was loaded with, passed on so the map's stylesheet is cached per build too. */
const assetVersion = new URL(import.meta.url).search;

function setupMapButton(): void {
  const button = document.querySelector<HTMLButtonElement>('[data-show-map]');
  const container = document.getElementById('map');
  if (!button || !container) return;
  button.hidden = false;
  button.addEventListener('click', async () => {
    button.disabled = true;
    button.textContent = button.dataset['loading'] ?? '…';
    const { showMap } = await import('./map-view.ts');
    await showMap(container, { dataUrl: `/map/data.json${location.search}`, assetVersion });
    button.hidden = true;
  });
}

function setupNearMe(): void {
  const button = document.querySelector<HTMLButtonElement>('[data-near-me]');
  const form = button?.closest('form');
  const status = document.querySelector<HTMLElement>('[data-near-status]');
  if (!button || !form || !('geolocation' in navigator)) return;
  button.hidden = false;
  button.addEventListener('click', () => {
    if (status) status.textContent = button.dataset['locating'] ?? '';
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        (form.elements.namedItem('lat') as HTMLInputElement).value = pos.coords.latitude.toFixed(5);
        (form.elements.namedItem('lon') as HTMLInputElement).value = pos.coords.longitude.toFixed(5);
        form.submit();
      },
      () => {
        if (status) status.textContent = button.dataset['failed'] ?? '';
      },
      { enableHighAccuracy: false, timeout: 10_000, maximumAge: 60_000 },
    );
  });
}

interface StatusFeed {
  asOfText: string;
  shelters: { id: string; text: string; className: string }[];
}

function setupLiveShelters(): void {
  const live = document.querySelector<HTMLElement>('[data-live-region]');
  if (!live) return;
  const poll = async () => {
    const res = await fetch('/shelters/status.json', { headers: { accept: 'application/json' }, credentials: 'same-origin' }).catch(() => null);
    if (!res?.ok) return;
    const feed = (await res.json()) as StatusFeed;
    let changed = false;
    for (const s of feed.shelters) {
      const badge = document.querySelector<HTMLElement>(`[data-shelter-id="${CSS.escape(s.id)}"] [data-status-text]`);
      if (badge && badge.textContent !== s.text) {
        badge.textContent = s.text;
        badge.className = s.className;
        changed = true;
      }
    }
    const asOf = document.querySelector<HTMLElement>('[data-as-of]');
    if (asOf) asOf.textContent = feed.asOfText;
    if (changed) live.textContent = live.dataset['message'] ?? '';
  };
  window.setInterval(() => void poll(), Number(live.dataset['interval'] ?? 15_000));
}

function setupMapPicker(): void {
  const holder = document.querySelector<HTMLElement>('[data-map-picker]');
  const lat = document.getElementById('f-緯度') as HTMLInputElement | null;
  const lon = document.getElementById('f-経度') as HTMLInputElement | null;
  if (!holder || !lat || !lon) return;
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'btn btn-secondary';
  button.textContent = holder.dataset['label'] ?? (lang === 'ja' ? '地図で位置を選ぶ' : 'Pick on a map');
  holder.append(button);
  button.addEventListener('click', async () => {
    button.disabled = true;
    const area = document.createElement('div');
    area.className = 'map';
    holder.append(area);
    const { pickPosition } = await import('./map-view.ts');
    await pickPosition(area, lat, lon, holder.dataset['tiles'] ?? '', holder.dataset['attribution'] ?? '', assetVersion);
  });
}

setupMapButton();
setupNearMe();
setupLiveShelters();
setupMapPicker();
