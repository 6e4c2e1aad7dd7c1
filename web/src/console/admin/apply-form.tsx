import { useState } from 'preact/hooks';
import { sm3 } from 'sm-crypto';
import { postJson } from '../../shared/api';
import type { Lang } from '../../shared/i18n';
import type { ConsoleTranslate } from '../console';
import { failure } from '../maker/failure';
import { SEAL_KINDS, kindName, materialName, materialsNeeded } from '../names';

type Channel = 'IN_PERSON' | 'AGENT';
type Material = { kind: string; sm3: string; fileName: string; mediaType?: string };

const POSITION_KINDS = new Set(['LEGAL_REPRESENTATIVE', 'OPERATOR', 'PRINCIPAL', 'FINANCE_PRINCIPAL', 'AUTHORISED_REPRESENTATIVE']);

/**
 * 申请: the unit administrator picks the kind, names the custodian (an official seal) or holder (a
 * position seal), and attaches each material the kind needs. The files stay here: only their SM3,
 * name and type go to the server, which checks the list again (APPLICATION_INCOMPLETE).
 */
export function ApplyForm({ t, lang, unitId, onApplied }: { t: ConsoleTranslate; lang: Lang; unitId: string; onApplied: () => void }) {
  const [kind, setKind] = useState('CONTRACT');
  const [channel, setChannel] = useState<Channel>('IN_PERSON');
  const [person, setPerson] = useState({ name: '', idNumber: '' });
  const [agent, setAgent] = useState({ name: '', idNumber: '' });
  const [materials, setMaterials] = useState<Record<string, Material>>({});
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string }>();
  const needed = materialsNeeded(kind, channel);
  const position = POSITION_KINDS.has(kind);
  const attach = async (materialKind: string, file: File | undefined) => {
    if (!file) return;
    const bytes = new Uint8Array(await file.arrayBuffer());
    setMaterials({
      ...materials,
      [materialKind]: { kind: materialKind, sm3: sm3(bytes), fileName: file.name, mediaType: file.type || undefined },
    });
  };
  const identity = (id: string, label: string, value: { name: string; idNumber: string }, set: (v: typeof value) => void) => (
    <fieldset>
      <legend>{label}</legend>
      <label for={`${id}-name`}>{t('personName')}</label>
      <input
        id={`${id}-name`}
        type="text"
        required
        maxLength={40}
        value={value.name}
        onInput={(e) => set({ ...value, name: e.currentTarget.value })}
      />
      <label for={`${id}-id`}>{t('residentId')}</label>
      <input
        id={`${id}-id`}
        type="text"
        required
        maxLength={32}
        autocomplete="off"
        value={value.idNumber}
        onInput={(e) => set({ ...value, idNumber: e.currentTarget.value })}
      />
    </fieldset>
  );
  return (
    <form
      class="lookup"
      aria-labelledby="apply-title"
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        setOutcome(undefined);
        const body = {
          unitId,
          kind,
          channel,
          materials: needed.map((k) => materials[k]).filter((m): m is Material => m !== undefined),
          ...(person.name ? { [position ? 'holder' : 'custodian']: person } : {}),
          ...(channel === 'AGENT' ? { agent } : {}),
        };
        postJson<{ sealCode: string }>('/seal-applications', body).then(
          (application) => {
            setOutcome({ ok: true, text: t('applied', { code: application.sealCode }) });
            setMaterials({});
            form.reset();
            onApplied();
          },
          (error) => setOutcome({ ok: false, text: failure(t, error) }),
        );
      }}
    >
      <h3 id="apply-title">{t('applyTitle')}</h3>
      <label for="apply-kind">{t('sealKind')}</label>
      <select id="apply-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value)}>
        {SEAL_KINDS.map((k) => (
          <option key={k} value={k}>
            {kindName(k, lang)}
          </option>
        ))}
      </select>
      <label for="apply-channel">{t('channel')}</label>
      <select id="apply-channel" value={channel} onChange={(e) => setChannel(e.currentTarget.value as Channel)}>
        <option value="IN_PERSON">{t('channelInPerson')}</option>
        <option value="AGENT">{t('channelAgent')}</option>
      </select>
      {identity('apply-person', position ? t('holder') : t('custodian'), person, setPerson)}
      {channel === 'AGENT' ? identity('apply-agent', t('agent'), agent, setAgent) : null}
      <fieldset>
        <legend>{t('materials')}</legend>
        {needed.map((k) => (
          <div key={k}>
            <label for={`material-${k}`}>{materialName(k, lang)}</label>
            <input
              id={`material-${k}`}
              type="file"
              required
              data-material-input={k}
              onChange={(e) => void attach(k, e.currentTarget.files?.[0])}
            />
            {materials[k] ? (
              <span class="code" data-material-sm3={k}>
                {' '}
                SM3 {materials[k]!.sm3}
              </span>
            ) : null}
          </div>
        ))}
      </fieldset>
      <button type="submit">{t('submitApplication')}</button>
      {outcome ? (
        <p
          role={outcome.ok ? 'status' : 'alert'}
          class={outcome.ok ? undefined : 'error'}
          data-apply-outcome={outcome.ok ? 'ok' : 'failed'}
        >
          {outcome.text}
        </p>
      ) : null}
    </form>
  );
}
