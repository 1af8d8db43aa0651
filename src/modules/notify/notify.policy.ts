/** Who may do what with deliveries and channels. One rule per line; routes ask these. */
import type { StaffPrincipal } from '../../platform/auth/index.ts';

const holds = (p: StaffPrincipal, ...roles: StaffPrincipal['roles'][number]['role'][]) => p.roles.some((r) => roles.includes(r.role));

export const notifyPolicy = {
  /** Any staff member follows delivery progress and subscriber counts (no personal data shown). */
  viewDeliveries: (p: StaffPrincipal) => holds(p, 'admin', 'manager', 'clerk'),
  /** Managers and administrators send a dead-lettered delivery again. */
  retryDeliveries: (p: StaffPrincipal) => holds(p, 'admin', 'manager'),
  /** Administrators register webhooks and the LINE channel (they hold secrets). */
  configureChannels: (p: StaffPrincipal) => holds(p, 'admin'),
};
