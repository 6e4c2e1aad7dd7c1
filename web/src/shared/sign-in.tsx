import { useState } from 'preact/hooks';
import { postJson } from './api';
import { FirstPassword, type FirstPasswordLabels } from './first-password';

export interface SignInLabels {
  title: string;
  hint: string;
  username: string;
  password: string;
  submit: string;
  failed: string;
  secondFactor: string;
  /** Pages that let a new account replace its one-time password here; without, such an account is told it failed. */
  firstPassword?: FirstPasswordLabels;
}

/**
 * The one sign-in form of the signed-in pages: POST /auth/browser-session sets the HttpOnly session
 * cookie (so this call keeps cookies) and answers the CSRF token the page sends from then on.
 */
export function SignIn({ labels, onSignedIn }: { labels: SignInLabels; onSignedIn: (csrf: string) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string>();
  const [firstSession, setFirstSession] = useState<string>();
  if (firstSession && labels.firstPassword) {
    return (
      <FirstPassword
        labels={labels.firstPassword}
        username={username}
        oneTimePassword={password}
        csrf={firstSession}
        onSignedIn={onSignedIn}
      />
    );
  }
  return (
    <section aria-labelledby="sign-in-title">
      <h2 id="sign-in-title">{labels.title}</h2>
      <p>{labels.hint}</p>
      <form
        class="lookup sign-in"
        onSubmit={async (e) => {
          e.preventDefault();
          setProblem(undefined);
          try {
            const answer = await postJson<{ status: string; csrfToken?: string; mustChangePassword?: boolean }>(
              '/auth/browser-session',
              { username, password },
              { credentials: 'same-origin' },
            );
            if (answer.status === 'SIGNED_IN' && answer.csrfToken && answer.mustChangePassword && labels.firstPassword) {
              setFirstSession(answer.csrfToken);
            } else if (answer.status === 'SIGNED_IN' && answer.csrfToken) onSignedIn(answer.csrfToken);
            else setProblem(labels.secondFactor);
          } catch {
            setProblem(labels.failed);
          }
        }}
      >
        <label for="username">{labels.username}</label>
        <input
          id="username"
          type="text"
          autocomplete="username"
          required
          value={username}
          onInput={(e) => setUsername(e.currentTarget.value)}
        />
        <label for="password">{labels.password}</label>
        <input
          id="password"
          type="password"
          autocomplete="current-password"
          required
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
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
