/**
 * Who is signed in, for deciding what is "yours". Authors are stored as the lower-case username,
 * so names are compared without regard to case.
 */
import { getMe } from './endpoints/auth';
import { currentSession, rememberUsername } from './session';

export const sameUser = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/**
 * The signed-in username as the server spells it (GET /api/me), or null when signed out. Falls
 * back to the name typed at sign-in if the server cannot be asked right now.
 */
export async function signedInUsername(): Promise<string | null> {
  const session = currentSession();
  if (!session) return null;
  try {
    const me = await getMe();
    rememberUsername(me.username);
    return me.username;
  } catch {
    return session.username || null;
  }
}
