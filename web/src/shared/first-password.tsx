import { useState } from 'preact/hooks';
import { ApiError, postJson, setSessionCsrf } from './api';

export interface FirstPasswordLabels {
  title: string;
  hint: string;
  newPassword: string;
  repeat: string;
  mismatch: string;
  submit: string;
  failed: string;
}

/**
 * An account's first sign-in uses the one-time password its administrator handed over; the session may
 * do nothing but replace it (403 PASSWORD_CHANGE_REQUIRED otherwise). The change ends every session of
 * the account, so the page then signs in again with the new password.
 */
export function FirstPassword(props: {
  labels: FirstPasswordLabels;
  username: string;
  oneTimePassword: string;
  csrf: string;
  onSignedIn: (csrf: string) => void;
}) {
  const { labels, username, oneTimePassword, csrf, onSignedIn } = props;
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problem, setProblem] = useState<string>();
  return (
    <section aria-labelledby="first-password-title">
      <h2 id="first-password-title">{labels.title}</h2>
      <p>{labels.hint}</p>
      <form
        class="lookup sign-in"
        onSubmit={async (e) => {
          e.preventDefault();
          if (password !== repeat) return setProblem(labels.mismatch);
          setProblem(undefined);
          try {
            setSessionCsrf(csrf);
            await postJson('/auth/password', { currentPassword: oneTimePassword, newPassword: password });
            setSessionCsrf(undefined);
            const again = await postJson<{ csrfToken?: string }>(
              '/auth/browser-session',
              { username, password },
              { credentials: 'same-origin' },
            );
            if (again.csrfToken) onSignedIn(again.csrfToken);
          } catch (error) {
            setSessionCsrf(undefined);
            setProblem(`${labels.failed} (${error instanceof ApiError ? error.code : 'NETWORK'})`);
          }
        }}
      >
        <label for="new-password">{labels.newPassword}</label>
        <input
          id="new-password"
          type="password"
          autocomplete="new-password"
          required
          minLength={12}
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
        <label for="repeat-password">{labels.repeat}</label>
        <input
          id="repeat-password"
          type="password"
          autocomplete="new-password"
          required
          minLength={12}
          value={repeat}
          onInput={(e) => setRepeat(e.currentTarget.value)}
        />
        <button type="submit">{labels.submit}</button>
      </form>
      {problem ? (
        <p role="alert" class="error" data-problem>
          {problem}
        </p>
      ) : null}
    </section>
  );
}
