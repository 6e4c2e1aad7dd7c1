import { useEffect, useState } from 'preact/hooks';
import { callApi, postJson } from '../../shared/api';
import { formatTime, type Lang } from '../../shared/i18n';
import type { ConsoleTranslate } from '../console';
import { failure } from '../maker/failure';
import type { ApiKeyRow } from './types';

const CLIENT_CLASSES = ['OTHER_ORGANISATION', 'STATE_ORGAN'] as const;

/**
 * API keys of the unit's own systems (第十八条): created for this unit only, shown once, revoked at
 * once. Scopes default to what the client class may do.
 */
export function ApiKeys({ t, lang, unitId }: { t: ConsoleTranslate; lang: Lang; unitId: string }) {
  const [keys, setKeys] = useState<ApiKeyRow[]>();
  const [form, setForm] = useState({ name: '', clientClass: 'OTHER_ORGANISATION', expiresInDays: 90 });
  const [issued, setIssued] = useState<{ keyId: string; apiKey: string }>();
  const [problem, setProblem] = useState<string>();
  const reload = () =>
    callApi<{ items: ApiKeyRow[] }>(`/api-keys?unitId=${encodeURIComponent(unitId)}&limit=100`).then(
      (k) => setKeys(k.items),
      () => setKeys([]),
    );
  useEffect(() => void reload(), []);
  const revoke = (keyId: string) =>
    postJson(`/api-keys/${encodeURIComponent(keyId)}/revoke`, {}).then(reload, (error) => setProblem(failure(t, error)));
  return (
    <section aria-labelledby="keys-title">
      <h3 id="keys-title">{t('keysTitle')}</h3>
      {keys === undefined ? (
        <p>{t('loading')}</p>
      ) : keys.length === 0 ? (
        <p>{t('noKeys')}</p>
      ) : (
        <table>
          <caption>{t('keysTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('keyName')}</th>
              <th scope="col">{t('keyId')}</th>
              <th scope="col">{t('clientClass')}</th>
              <th scope="col">{t('expiresAt')}</th>
              <th scope="col">{t('keyState')}</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.keyId} data-key={k.keyId} data-status={k.status}>
                <td>{k.name}</td>
                <td class="code">{k.keyId}</td>
                <td>{t(`class_${k.clientClass}` as Parameters<ConsoleTranslate>[0])}</td>
                <td>{formatTime(k.expiresAt, lang)}</td>
                <td>
                  {k.status === 'ACTIVE' ? (
                    <button
                      type="button"
                      data-action="revoke-key"
                      aria-label={t('revokeKeyNamed', { name: k.name })}
                      onClick={() => void revoke(k.keyId)}
                    >
                      {t('revokeKey')}
                    </button>
                  ) : (
                    t('keyRevoked')
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        class="lookup"
        aria-labelledby="new-key-title"
        onSubmit={(e) => {
          e.preventDefault();
          setProblem(undefined);
          postJson<{ keyId: string; apiKey: string }>('/api-keys', { ...form, unitIds: [unitId] }).then(
            (answer) => {
              setIssued(answer);
              setForm({ ...form, name: '' });
              void reload();
            },
            (error) => setProblem(failure(t, error)),
          );
        }}
      >
        <h4 id="new-key-title">{t('newKey')}</h4>
        <label for="key-name">{t('keyName')}</label>
        <input
          id="key-name"
          type="text"
          required
          maxLength={100}
          value={form.name}
          onInput={(e) => setForm({ ...form, name: e.currentTarget.value })}
        />
        <label for="key-class">{t('clientClass')}</label>
        <select id="key-class" value={form.clientClass} onChange={(e) => setForm({ ...form, clientClass: e.currentTarget.value })}>
          {CLIENT_CLASSES.map((c) => (
            <option key={c} value={c}>
              {t(`class_${c}`)}
            </option>
          ))}
        </select>
        <label for="key-days">{t('keyDays')}</label>
        <input
          id="key-days"
          type="number"
          min={1}
          max={366}
          value={form.expiresInDays}
          onInput={(e) => setForm({ ...form, expiresInDays: Number(e.currentTarget.value) })}
        />
        <button type="submit">{t('createKey')}</button>
        {issued ? (
          <p role="status" data-issued-key={issued.keyId}>
            {t('keyShownOnce')}{' '}
            <span class="code" data-api-key>
              {issued.apiKey}
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
