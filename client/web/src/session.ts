import type { Role } from '../../../shared/models.js';

/** Who is signed in on this tab. Kept in sessionStorage (gone with the tab), never in a URL. */
export interface Session {
  token: string;
  userId: string;
  name: string;
  role: Role;
  /** ms since the epoch. */
  expiresAt: number;
  /** Signed in through the organisation's provider (OpenID Connect): renewed by it, signed out at it too. */
  provider?: boolean;
}

const KEY = 'session';
/** Beside a provider's token: who the server said it makes its bearer (its claims name roles in the provider's words). */
const IDENTITY_KEY = 'session.identity';
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

/** A provider's token as the server read it (`GET /api/auth/me`). */
export function sessionFromIdentity(token: string, user: { userId: string; name: string; role: Role; expiresAt: number }): Session {
  return { token, userId: user.userId, name: user.name, role: user.role, expiresAt: user.expiresAt, provider: true };
}

function storedIdentity(token: string): Session | undefined {
  try {
    const user = JSON.parse(sessionStorage.getItem(IDENTITY_KEY) ?? 'null') as { userId?: unknown; name?: unknown; role?: unknown; expiresAt?: unknown } | null;
    if (!user || typeof user.userId !== 'string' || typeof user.name !== 'string' || !ROLES.includes(user.role as Role) || typeof user.expiresAt !== 'number') return undefined;
    return sessionFromIdentity(token, { userId: user.userId, name: user.name, role: user.role as Role, expiresAt: user.expiresAt });
  } catch {
    return undefined;
  }
}

export function loadSession(): Session | undefined {
  const stored = sessionStorage.getItem(KEY);
  if (!stored) return undefined;
  const session = storedIdentity(stored) ?? sessionFromToken(stored);
  if (!session || session.expiresAt <= Date.now()) {
    clearSession();
    return undefined;
  }
  return session;
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(KEY, session.token);
  if (session.provider) {
    sessionStorage.setItem(IDENTITY_KEY, JSON.stringify({ userId: session.userId, name: session.name, role: session.role, expiresAt: session.expiresAt }));
  } else sessionStorage.removeItem(IDENTITY_KEY);
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
  sessionStorage.removeItem(IDENTITY_KEY);
}
