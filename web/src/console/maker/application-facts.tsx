import { formatTime, type Lang } from '../../shared/i18n';
import type { ConsoleTranslate } from '../console';
import { kindName, materialName } from '../names';
import type { Application } from './types';

/** What an application says: kind, unit, seal code, the people it names, and its materials with their SM3. */
export function ApplicationFacts({ application: a, t, lang }: { application: Application; t: ConsoleTranslate; lang: Lang }) {
  const people: Array<[string, Application['holder']]> = [
    [t('holder'), a.holder],
    [t('custodian'), a.custodian],
    [t('agent'), a.agent],
  ];
  return (
    <>
      <dl class="facts">
        <dt>{t('sealKind')}</dt>
        <dd>{kindName(a.kind, lang)}</dd>
        <dt>{t('unit')}</dt>
        <dd class="code">{a.unitId}</dd>
        <dt>{t('sealCode')}</dt>
        <dd class="code">{a.sealCode}</dd>
        <dt>{t('channel')}</dt>
        <dd>{a.channel === 'AGENT' ? t('channelAgent') : t('channelInPerson')}</dd>
        {people.map(([label, who]) =>
          who ? (
            <>
              <dt key={`${label}-t`}>{label}</dt>
              <dd key={`${label}-d`}>
                {who.name} <span class="code">{who.idNumberMasked}</span>
              </dd>
            </>
          ) : null,
        )}
        <dt>{t('appliedAt')}</dt>
        <dd>{formatTime(a.createdAt, lang)}</dd>
      </dl>
      <table>
        <caption>{t('materials')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('material')}</th>
            <th scope="col">{t('fileName')}</th>
            <th scope="col">SM3</th>
          </tr>
        </thead>
        <tbody>
          {a.materials.map((m) => (
            <tr key={`${m.kind}-${m.sm3}`} data-material={m.kind}>
              <td>{materialName(m.kind, lang)}</td>
              <td>{m.fileName ?? '—'}</td>
              <td class="code">{m.sm3}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
