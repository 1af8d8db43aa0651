/**
 * The map, loaded on demand: places as circle markers (colour by kind and shelter status) with a
 * popup linking to each place's page, hazard layers with their legend colours, and base tiles only
 * when the municipality configured them (GSI standard tiles by default; none in tests).
 */
import L from 'leaflet';

interface MapPlace {
  id: string;
  kind: string;
  name: string;
  lat: number;
  lon: number;
  status: string | null;
  color: string;
}

interface MapData {
  center: [number, number];
  tiles: { url: string; attribution: string } | null;
  places: MapPlace[];
  hazards: { id: string; name: string; classProperty: string | null; legend: { value: string; color: string }[] }[];
  labels: { details: string; hazards: string };
}

/** Leaflet's stylesheet is built beside this chunk (.build/js/opendata/leaflet.css); `version` is the page's asset version query. */
function ensureCss(version: string): void {
  if (document.querySelector('link[data-leaflet]')) return;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = new URL(`leaflet.css${version}`, import.meta.url).href;
  link.dataset['leaflet'] = '1';
  document.head.append(link);
}

function popup(p: MapPlace, detailsLabel: string): HTMLElement {
  const box = document.createElement('div');
  const title = document.createElement('strong');
  title.textContent = p.name;
  box.append(title);
  if (p.status) {
    const s = document.createElement('div');
    s.textContent = p.status;
    box.append(s);
  }
  const a = document.createElement('a');
  a.href = `/places/${encodeURIComponent(p.id)}`;
  a.textContent = detailsLabel;
  box.append(a);
  return box;
}

export async function showMap(container: HTMLElement, opts: { dataUrl: string; assetVersion: string }): Promise<void> {
  ensureCss(opts.assetVersion);
  const data = (await (await fetch(opts.dataUrl, { headers: { accept: 'application/json' } })).json()) as MapData;
  container.hidden = false;
  container.classList.add('map');
  const map = L.map(container, { center: data.center, zoom: 14, attributionControl: true });
  if (data.tiles) L.tileLayer(data.tiles.url, { attribution: data.tiles.attribution, maxZoom: 18 }).addTo(map);
  const markers = L.featureGroup();
  for (const p of data.places) {
    L.circleMarker([p.lat, p.lon], { radius: 9, color: '#1a1a1a', weight: 2, fillColor: p.color, fillOpacity: 0.95 })
      .bindPopup(popup(p, data.labels.details))
      .bindTooltip(p.name)
      .addTo(markers);
  }
  markers.addTo(map);
  if (data.places.length) map.fitBounds(markers.getBounds(), { padding: [24, 24], maxZoom: 16 });
  for (const input of document.querySelectorAll<HTMLInputElement>('input[data-hazard-layer]')) {
    input.disabled = false;
    let layer: L.GeoJSON | null = null;
    const meta = data.hazards.find((h) => h.id === input.value);
    input.addEventListener('change', async () => {
      if (!input.checked) {
        layer?.remove();
        return;
      }
      if (!layer) {
        const geo = await (await fetch(`/map/hazards/${encodeURIComponent(input.value)}.geojson`)).json();
        layer = L.geoJSON(geo, {
          style: (f) => {
            const v = meta?.classProperty ? String((f?.properties as Record<string, unknown> | undefined)?.[meta.classProperty] ?? '') : '';
            const color = meta?.legend.find((x) => x.value === v)?.color ?? '#8fb8e8';
            return { color: '#555', weight: 1, fillColor: color, fillOpacity: 0.55 };
          },
          interactive: false,
        });
      }
      layer.addTo(map);
      layer.bringToBack();
    });
  }
}

export async function pickPosition(container: HTMLElement, lat: HTMLInputElement, lon: HTMLInputElement, tileUrl: string, attribution: string, assetVersion: string): Promise<void> {
  ensureCss(assetVersion);
  const start: [number, number] = lat.value && lon.value ? [Number(lat.value), Number(lon.value)] : [35.68, 139.76];
  const map = L.map(container, { center: start, zoom: lat.value ? 16 : 5 });
  if (tileUrl) L.tileLayer(tileUrl, { attribution, maxZoom: 18 }).addTo(map);
  const marker = L.circleMarker(start, { radius: 10, color: '#1a1a1a', weight: 2, fillColor: '#0017c1', fillOpacity: 0.9 }).addTo(map);
  map.on('click', (e: L.LeafletMouseEvent) => {
    marker.setLatLng(e.latlng);
    lat.value = e.latlng.lat.toFixed(6);
    lon.value = e.latlng.lng.toFixed(6);
  });
}
