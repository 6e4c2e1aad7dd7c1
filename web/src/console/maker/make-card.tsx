import { useState } from 'preact/hooks';
import { postJson } from '../../shared/api';
import type { Lang } from '../../shared/i18n';
import type { ConsoleTranslate } from '../console';
import { kindName } from '../names';
import { failure } from './failure';
import type { Application, MadeSeal } from './types';

/**
 * An approved application, made into a seal: the maker sets the one-time PIN the custodian replaces
 * before first use, and the validity. The seal is MADE; its filing with public security follows.
 */
export function MakeCard(props: { application: Application; t: ConsoleTranslate; lang: Lang; onMade: (seal: MadeSeal) => void }) {
  const { application: a, t, lang, onMade } = props;
  const [pin, setPin] = useState('');
  const [days, setDays] = useState(730);
  const [problem, setProblem] = useState<string>();
  const headingId = `make-${a.applicationId}`;
  return (
    <form
      class="signature lookup"
      aria-labelledby={headingId}
      data-make={a.applicationId}
      onSubmit={(e) => {
        e.preventDefault();
        postJson<MadeSeal>('/seals', { applicationId: a.applicationId, initialPin: pin, validityDays: days }).then(onMade, (error) =>
          setProblem(failure(t, error)),
        );
      }}
    >
      <h4 id={headingId}>
        {a.displayName} · {kindName(a.kind, lang)} · <span class="code">{a.sealCode}</span>
      </h4>
      <label for={`initial-pin-${a.applicationId}`}>{t('initialPin')}</label>
      <input
        id={`initial-pin-${a.applicationId}`}
        type="password"
        inputMode="numeric"
        autocomplete="off"
        required
        pattern="\d{6,16}"
        value={pin}
        onInput={(e) => setPin(e.currentTarget.value)}
      />
      <label for={`validity-${a.applicationId}`}>{t('validityDays')}</label>
      <input
        id={`validity-${a.applicationId}`}
        type="number"
        min={1}
        max={3650}
        value={days}
        onInput={(e) => setDays(Number(e.currentTarget.value))}
      />
      <button type="submit">{t('makeSeal')}</button>
      {problem ? (
        <p role="alert" class="error">
          {problem}
        </p>
      ) : null}
    </form>
  );
}
