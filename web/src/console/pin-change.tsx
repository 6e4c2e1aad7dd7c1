import { useState } from 'preact/hooks';
import { ApiError, postJson } from '../shared/api';
import type { ConsoleTranslate } from './console';

/** The custodian replaces the seal's PIN (the maker's is one-time and must be replaced before signing). */
export function PinChange({ t, sealId }: { t: ConsoleTranslate; sealId: string }) {
  const [currentPin, setCurrentPin] = useState('');
  const [newPin, setNewPin] = useState('');
  const [outcome, setOutcome] = useState<string>();
  return (
    <form
      class="lookup"
      aria-labelledby="pin-title"
      onSubmit={async (e) => {
        e.preventDefault();
        try {
          await postJson(`/seals/${encodeURIComponent(sealId)}/pin`, { currentPin, newPin });
          setOutcome(t('pinChanged'));
          setCurrentPin('');
          setNewPin('');
        } catch (error) {
          setOutcome(t('failed', { code: error instanceof ApiError ? error.code : 'NETWORK' }));
        }
      }}
    >
      <h3 id="pin-title">{t('pinTitle')}</h3>
      <label for="current-pin">{t('currentPin')}</label>
      <input
        id="current-pin"
        type="password"
        inputMode="numeric"
        autocomplete="off"
        required
        pattern="\d{6,16}"
        value={currentPin}
        onInput={(e) => setCurrentPin(e.currentTarget.value)}
      />
      <label for="new-pin">{t('newPin')}</label>
      <input
        id="new-pin"
        type="password"
        inputMode="numeric"
        autocomplete="off"
        required
        pattern="\d{6,16}"
        value={newPin}
        onInput={(e) => setNewPin(e.currentTarget.value)}
      />
      <button type="submit">{t('changePin')}</button>
      {outcome ? (
        <p role="status" data-pin-outcome>
          {outcome}
        </p>
      ) : null}
    </form>
  );
}
