import { AppError, ErrorCode } from '../../shared/errors.js';
import type { Role } from '../../shared/models.js';
import type { Identity } from './identity.js';

/** Clinicians and admins: they see clinical detail and moderate everywhere. */
export const STAFF: ReadonlySet<Role> = new Set(['clinician', 'admin']);

export const isStaff = (user: Pick<Identity, 'role'>): boolean => STAFF.has(user.role);

/** FORBIDDEN unless the user is a clinician or an admin; `what` completes "Only clinicians and admins may …". */
export function requireStaff(user: Pick<Identity, 'role'>, what: string): void {
  if (!isStaff(user)) throw new AppError(ErrorCode.FORBIDDEN, `Only clinicians and admins may ${what}`);
}

/** FORBIDDEN unless the user holds `role`. */
export function requireRole(user: Pick<Identity, 'role'>, role: Role, refusal: string): void {
  if (user.role !== role) throw new AppError(ErrorCode.FORBIDDEN, refusal);
}
