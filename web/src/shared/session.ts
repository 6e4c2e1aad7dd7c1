import { useState } from 'preact/hooks';
import { callApi, setSessionCsrf } from './api';

/** The CSRF token of the cookie session survives a reload in this tab only; the cookie itself is HttpOnly. */
const SESSION_KEY = 'eseal.csrf';

/** The signed-in pages' session: the CSRF token (undefined when signed out), sign-in and sign-out. */
export function useBrowserSession() {
  const [csrf, setCsrf] = useState<string | undefined>(() => sessionStorage.getItem(SESSION_KEY) ?? undefined);
  setSessionCsrf(csrf);
  const change = (token: string | undefined) => {
    if (token) sessionStorage.setItem(SESSION_KEY, token);
    else sessionStorage.removeItem(SESSION_KEY);
    setSessionCsrf(token);
    setCsrf(token);
  };
  return {
    csrf,
    signedIn: (token: string) => change(token),
    /** The session ended elsewhere (expired, revoked): forget it without calling the server. */
    forget: () => change(undefined),
    async signOut() {
      await callApi('/auth/browser-session/sign-out', { method: 'POST' }).catch(() => undefined);
      change(undefined);
    },
  };
}
