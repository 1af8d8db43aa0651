/** Small pieces shared by the staff pages: role, status and date wording. */
import type { Locale } from '../../../platform/i18n/index.ts';
import { format } from '../../../platform/i18n/index.ts';
import { tx } from '../../../platform/ui/index.ts';
import { staffMessages as m } from '../staff.messages.ts';
import type { Department, RoleGrant, StaffRole, StaffStatus } from '../staff.schema.ts';

const roleText = { admin: m.roleAdmin, manager: m.roleManager, clerk: m.roleClerk, auditor: m.roleAuditor } as const;
const statusText = { active: m.statusActive, invited: m.statusInvited, disabled: m.statusDisabled } as const;

export const roleLabel = (role: StaffRole, l: Locale) => tx(roleText[role], l);
export const statusLabel = (status: StaffStatus, l: Locale) => tx(statusText[status], l);

export function departmentName(departmentId: string | null, departments: Department[], l: Locale): string {
  if (departmentId === null) return tx(m.wholeMunicipality, l);
  const d = departments.find((x) => x.id === departmentId);
  return d ? (l === 'ja' ? d.nameJa : d.nameEn) : departmentId;
}

export function grantLabel(g: RoleGrant, departments: Department[], l: Locale): string {
  return format(tx(m.roleInDepartment, l), { department: departmentName(g.departmentId, departments, l), role: roleLabel(g.role, l) });
}

/** Date and time in Japan time, e.g. 2025/04/01 9:30 or 1 Apr 2025, 09:30 (with seconds for the audit log). */
export function formatDateTime(d: Date | null, l: Locale, seconds = false): string {
  if (!d) return tx(m.never, l);
  return new Intl.DateTimeFormat(l === 'ja' ? 'ja-JP' : 'en-GB', { timeZone: 'Asia/Tokyo', dateStyle: 'medium', timeStyle: seconds ? 'medium' : 'short' }).format(d);
}

export function RoleList({ roles, departments, l }: { roles: RoleGrant[]; departments: Department[]; l: Locale }) {
  if (!roles.length) return <span class="muted">{tx(m.noRoles, l)}</span>;
  return (
    <ul>
      {roles.map((g) => (
        <li>{grantLabel(g, departments, l)}</li>
      ))}
    </ul>
  );
}

export const roleOptions = [
  { value: 'clerk', label: m.roleClerk },
  { value: 'manager', label: m.roleManager },
  { value: 'auditor', label: m.roleAuditor },
  { value: 'admin', label: m.roleAdmin },
];

export const departmentOptions = (departments: Department[]) => [
  { value: '', label: m.departmentWhole },
  ...departments.map((d) => ({ value: d.id, label: { ja: d.nameJa, en: d.nameEn } })),
];
