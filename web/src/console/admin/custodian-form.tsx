import { useState } from 'preact/hooks';
import { postJson } from '../../shared/api';
import type { ConsoleTranslate } from '../console';
import { failure } from '../maker/failure';
import type { SealRow } from './types';

/**
 * 变更保管人: the seal goes to a new custodian. The current PIN proves the hand-over is agreed, and the
 * new PIN is the one the new custodian will use (they may change it again).
 */
export function CustodianForm({ t, seals, onChanged }: { t: ConsoleTranslate; seals: SealRow[]; onChanged: () => void }) {
  const official = seals.filter((s) => s.status === 'ACTIVE' && s.custodian !== undefined);
  const [sealId, setSealId] = useState('');
  const [who, setWho] = useState({ name: '', idNumber: '' });
  const [pins, setPins] = useState({ currentPin: '', newPin: '' });
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string }>();
  const chosen = sealId || official[0]?.sealId || '';
  if (official.length === 0) return null;
  const field = (id: string, label: string, value: string, set: (v: string) => void, secret = false) => (
    <>
      <label for={id}>{label}</label>
      <input
        id={id}
        type={secret ? 'password' : 'text'}
        required
        autocomplete="off"
        {...(secret ? { inputMode: 'numeric' as const, pattern: '\\d{6,16}' } : { maxLength: 40 })}
        value={value}
        onInput={(e) => set(e.currentTarget.value)}
      />
    </>
  );
  return (
    <form
      class="lookup"
      aria-labelledby="custodian-title"
      onSubmit={(e) => {
        e.preventDefault();
        postJson(`/seals/${encodeURIComponent(chosen)}/custodian`, { custodian: who, ...pins }).then(
          () => {
            setOutcome({ ok: true, text: t('custodianChanged') });
            setPins({ currentPin: '', newPin: '' });
            onChanged();
          },
          (error) => setOutcome({ ok: false, text: failure(t, error) }),
        );
      }}
    >
      <h4 id="custodian-title">{t('custodianTitle')}</h4>
      <label for="custodian-seal">{t('seal')}</label>
      <select id="custodian-seal" value={chosen} onChange={(e) => setSealId(e.currentTarget.value)}>
        {official.map((s) => (
          <option key={s.sealId} value={s.sealId}>
            {s.sealName} ({s.custodian!.name})
          </option>
        ))}
      </select>
      {field('custodian-name', t('newCustodianName'), who.name, (name) => setWho({ ...who, name }))}
      {field('custodian-id', t('residentId'), who.idNumber, (idNumber) => setWho({ ...who, idNumber }))}
      {field('custodian-current-pin', t('currentPin'), pins.currentPin, (currentPin) => setPins({ ...pins, currentPin }), true)}
      {field('custodian-new-pin', t('newPin'), pins.newPin, (newPin) => setPins({ ...pins, newPin }), true)}
      <button type="submit">{t('changeCustodian')}</button>
      {outcome ? (
        <p
          role={outcome.ok ? 'status' : 'alert'}
          class={outcome.ok ? undefined : 'error'}
          data-custodian-outcome={outcome.ok ? 'ok' : 'failed'}
        >
          {outcome.text}
        </p>
      ) : null}
    </form>
  );
}
