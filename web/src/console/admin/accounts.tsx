import { useEffect, useState } from 'preact/hooks';
import { callApi, postJson } from '../../shared/api';
import type { ConsoleTranslate } from '../console';
import { failure } from '../maker/failure';
import type { AccountRow, Person } from './types';

/** The roles a unit administrator may give (the server refuses any other). */
const UNIT_ROLES = ['SEAL_CUSTODIAN', 'APPROVER', 'POSITION_SEAL_HOLDER', 'UNIT_ADMIN'] as const;

/**
 * The unit's accounts, and a new one for a person of the unit: its one-time password is shown once,
 * here, for the administrator to hand over; the person replaces it at first sign-in.
 */
export function Accounts({ t, unitId }: { t: ConsoleTranslate; unitId: string }) {
  const [accounts, setAccounts] = useState<AccountRow[]>();
  const [people, setPeople] = useState<Person[]>([]);
  const [form, setForm] = useState({ username: '', role: 'SEAL_CUSTODIAN', personId: '' });
  const [created, setCreated] = useState<{ username: string; oneTimePassword: string }>();
  const [problem, setProblem] = useState<string>();
  const reload = () =>
    callApi<{ items: AccountRow[] }>(`/accounts?unitId=${encodeURIComponent(unitId)}&limit=100`).then(
      (a) => setAccounts(a.items),
      () => setAccounts([]),
    );
  useEffect(() => {
    void reload();
    callApi<{ items: Person[] }>(`/units/${encodeURIComponent(unitId)}/people?limit=100`).then(
      (p) => setPeople(p.items),
      () => setPeople([]),
    );
  }, []);
  const personName = (id?: string) => people.find((p) => p.personId === id)?.name ?? id ?? '—';
  return (
    <section aria-labelledby="accounts-title">
      <h3 id="accounts-title">{t('accountsTitle')}</h3>
      {accounts === undefined ? (
        <p>{t('loading')}</p>
      ) : (
        <table>
          <caption>{t('accountsTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('username')}</th>
              <th scope="col">{t('roles')}</th>
              <th scope="col">{t('person')}</th>
              <th scope="col">{t('accountState')}</th>
            </tr>
          </thead>
          <tbody>
            {accounts.map((a) => (
              <tr key={a.accountId} data-account={a.username}>
                <td>{a.username}</td>
                <td>{a.roles.map((r) => t(`role_${r}` as Parameters<ConsoleTranslate>[0])).join('、')}</td>
                <td>{personName(a.personId)}</td>
                <td>{a.disabled ? t('accountDisabled') : a.mustChangePassword ? t('accountFirstSignIn') : t('accountActive')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        class="lookup"
        aria-labelledby="new-account-title"
        onSubmit={(e) => {
          e.preventDefault();
          setProblem(undefined);
          const body = { username: form.username, roles: [form.role], unitId, ...(form.personId ? { personId: form.personId } : {}) };
          postJson<{ username: string; oneTimePassword: string }>('/accounts', body).then(
            (answer) => {
              setCreated(answer);
              setForm({ ...form, username: '' });
              void reload();
            },
            (error) => setProblem(failure(t, error)),
          );
        }}
      >
        <h4 id="new-account-title">{t('newAccount')}</h4>
        <label for="account-username">{t('username')}</label>
        <input
          id="account-username"
          type="text"
          required
          pattern="[A-Za-z0-9._@\-]{3,64}"
          value={form.username}
          onInput={(e) => setForm({ ...form, username: e.currentTarget.value })}
        />
        <label for="account-role">{t('roles')}</label>
        <select id="account-role" value={form.role} onChange={(e) => setForm({ ...form, role: e.currentTarget.value })}>
          {UNIT_ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`role_${r}`)}
            </option>
          ))}
        </select>
        <label for="account-person">{t('person')}</label>
        <select id="account-person" value={form.personId} onChange={(e) => setForm({ ...form, personId: e.currentTarget.value })}>
          <option value="">—</option>
          {people.map((p) => (
            <option key={p.personId} value={p.personId}>
              {p.name} ({p.idNumberMasked})
            </option>
          ))}
        </select>
        <button type="submit">{t('createAccount')}</button>
        {created ? (
          <p role="status" data-created-account={created.username}>
            {t('oneTimePassword', { username: created.username })}{' '}
            <span class="code" data-one-time-password>
              {created.oneTimePassword}
            </span>
          </p>
        ) : null}
        {problem ? (
          <p role="alert" class="error">
            {problem}
          </p>
        ) : null}
      </form>
    </section>
  );
}
