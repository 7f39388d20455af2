import type { Role } from '../../../shared/models.js';

/** Who is signed in on this tab. Kept in sessionStorage (gone with the tab), never in a URL. */
export interface Session {
  token: string;
  userId: string;
  name: string;
  role: Role;
  /** ms since the epoch. */
  expiresAt: number;
}

const KEY = 'session';
const ROLES: readonly Role[] = ['mentee', 'specialist', 'clinician', 'admin'];

/** Reads the claims the app needs from a JWT (the server verifies it; this only decides what to show). */
export function sessionFromToken(token: string): Session | undefined {
  const part = token.trim().split('.')[1];
  if (!part) return undefined;
  try {
    const json = new TextDecoder().decode(Uint8Array.from(atob(part.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)));
    const claims = JSON.parse(json) as { sub?: unknown; name?: unknown; role?: unknown; exp?: unknown };
    if (typeof claims.sub !== 'string' || typeof claims.exp !== 'number' || !ROLES.includes(claims.role as Role)) return undefined;
    return {
      token: token.trim(),
      userId: claims.sub,
      name: typeof claims.name === 'string' ? claims.name : claims.sub,
      role: claims.role as Role,
      expiresAt: claims.exp * 1000,
    };
  } catch {
    return undefined;
  }
}

export function loadSession(): Session | undefined {
  const stored = sessionStorage.getItem(KEY);
  if (!stored) return undefined;
  const session = sessionFromToken(stored);
  if (!session || session.expiresAt <= Date.now()) {
    sessionStorage.removeItem(KEY);
    return undefined;
  }
  return session;
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(KEY, session.token);
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
}
