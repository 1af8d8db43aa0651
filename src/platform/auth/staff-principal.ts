import type { Queryable } from '../db/index.ts';

export type StaffRole = 'admin' | 'manager' | 'clerk' | 'auditor';

export interface StaffPrincipal {
  id: string;
  email: string;
  displayName: string;
  status: 'invited' | 'active' | 'disabled';
  /** departmentId null: the role holds across the whole municipality. */
  roles: { role: StaffRole; departmentId: string | null }[];
}

export async function loadStaffPrincipal(tx: Queryable, tenant: string, staffId: string): Promise<StaffPrincipal | null> {
  const [u] = await tx.query<{ id: string; email: string; display_name: string; status: StaffPrincipal['status'] }>(
    'SELECT id, email, display_name, status FROM staff_users WHERE tenant_id = $1 AND id = $2',
    [tenant, staffId],
  );
  if (!u) return null;
  const roles = await tx.query<{ role: StaffRole; department_id: string | null }>(
    'SELECT role, department_id FROM staff_roles WHERE tenant_id = $1 AND staff_id = $2',
    [tenant, staffId],
  );
  return { id: u.id, email: u.email, displayName: u.display_name, status: u.status, roles: roles.map((r) => ({ role: r.role, departmentId: r.department_id })) };
}

/** True if the person holds `role` for the whole municipality or, given a department, for it. */
export function hasRole(p: StaffPrincipal, role: StaffRole, departmentId?: string): boolean {
  return p.roles.some((r) => r.role === role && (r.departmentId === null || (departmentId !== undefined && r.departmentId === departmentId)));
}
