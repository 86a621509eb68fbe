/** Who is signed in, for every page: loaded once at start, refreshed after sign-in/out. */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { api, ApiError, type Me, type User } from "../../sync";

export interface Auth {
  /** undefined while loading; null when signed out. */
  user: User | null | undefined;
  me: Me | null;
  /** The server could not be asked at start. */
  startError: string | null;
  refresh(): Promise<void>;
  signedIn(user: User): Promise<void>;
  signOut(): Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);

export function useAuth(): Auth {
  const a = useContext(AuthContext);
  if (!a) throw new Error("useAuth outside <AuthProvider>");
  return a;
}

async function loadMe(user: User): Promise<Me> {
  try {
    return await api.me();
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    return { ...user, orgs: [] };
  }
}

export function AuthProvider({ children, onEnded }: { children: ReactNode; onEnded: () => void }) {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const [me, setMe] = useState<Me | null>(null);
  const [startError, setStartError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    (async () => {
      try {
        const u = await api.session();
        const m = u ? await loadMe(u) : null;
        if (!live) return;
        setUser(u);
        setMe(m);
      } catch (err) {
        if (live) {
          setStartError((err as Error).message);
          setUser(null);
        }
      }
    })();
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    api.onUnauthorized = () => {
      setUser(null);
      setMe(null);
      onEnded();
    };
    return () => {
      api.onUnauthorized = null;
    };
  }, [onEnded]);

  const refresh = useCallback(async () => {
    if (user) setMe(await loadMe(user));
  }, [user]);
  const signedIn = useCallback(async (u: User) => {
    setMe(await loadMe(u));
    setUser(u);
  }, []);
  const signOut = useCallback(async () => {
    await api.signOut();
    setUser(null);
    setMe(null);
  }, []);

  const value = useMemo(
    () => ({ user, me, startError, refresh, signedIn, signOut }),
    [user, me, startError, refresh, signedIn, signOut],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
