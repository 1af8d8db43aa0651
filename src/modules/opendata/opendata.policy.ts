/** Who may do what with places, shelters and the catalog. One rule per line; routes ask these. */
import type { StaffPrincipal } from '../../platform/auth/index.ts';

const holds = (p: StaffPrincipal, ...roles: StaffPrincipal['roles'][number]['role'][]) => p.roles.some((r) => roles.includes(r.role));

export const opendataPolicy = {
  /** Staff who keep the registries (any department) add, edit, import and delete places. */
  editPlaces: (p: StaffPrincipal) => holds(p, 'admin', 'manager', 'clerk'),
  /** The same staff open and close shelters and set crowding during a disaster. */
  updateShelterStatus: (p: StaffPrincipal) => holds(p, 'admin', 'manager', 'clerk'),
  /** Managers and administrators publish other datasets in the catalog. */
  publishDatasets: (p: StaffPrincipal) => holds(p, 'admin', 'manager'),
  /** Managers and administrators upload and remove hazard layers. */
  manageHazardLayers: (p: StaffPrincipal) => holds(p, 'admin', 'manager'),
  /** Administrators choose the base map tiles. */
  configureMap: (p: StaffPrincipal) => holds(p, 'admin'),
};
