/** Shelter crowding levels, their bands of capacity, and how they are named to people. */
import type { Text } from '../../../platform/i18n/index.ts';

export const crowdingLevels = ['vacant', 'moderate', 'crowded', 'full'] as const;
export type Crowding = (typeof crowdingLevels)[number];
export const isCrowding = (s: string): s is Crowding => (crowdingLevels as readonly string[]).includes(s);

export const crowdingInfo: Record<Crowding, { label: Text; band: Text; minPercent: number }> = {
  vacant: { label: { ja: '空いています', en: 'Plenty of room' }, band: { ja: '収容人数の30%未満', en: 'under 30% of capacity' }, minPercent: 0 },
  moderate: { label: { ja: 'やや混雑', en: 'Somewhat crowded' }, band: { ja: '収容人数の30〜60%', en: '30–60% of capacity' }, minPercent: 30 },
  crowded: { label: { ja: '混雑', en: 'Crowded' }, band: { ja: '収容人数の60〜80%', en: '60–80% of capacity' }, minPercent: 60 },
  full: { label: { ja: '満員', en: 'Full' }, band: { ja: '収容人数の80%以上', en: '80% of capacity or more' }, minPercent: 80 },
};

/** The level for a head count against capacity: 0–30 % vacant, 30–60 % moderate, 60–80 % crowded, 80 %+ full. */
export function crowdingFor(headcount: number, capacity: number): Crowding {
  if (capacity <= 0) return 'full';
  const percent = (headcount / capacity) * 100;
  if (percent >= 80) return 'full';
  if (percent >= 60) return 'crowded';
  if (percent >= 30) return 'moderate';
  return 'vacant';
}

export interface ShelterStatus {
  isOpen: boolean;
  crowding: Crowding | null;
  headcount: number | null;
  updatedAt: Date | null;
}

export const CLOSED: ShelterStatus = { isOpen: false, crowding: null, headcount: null, updatedAt: null };
