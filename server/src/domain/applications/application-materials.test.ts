import { SealError } from '@eseal/core';
import { sm3Of } from '../__tests__/fixtures';
import { SEAL_KIND_CODES } from '../seals/seal-kinds';
import {
  APPLICATION_MATERIALS,
  assertApplicationComplete,
  checkApplicationMaterials,
  requiredApplicationMaterials,
} from './application-materials';

const doc = (kind: string) => ({ kind, sm3: sm3Of(kind) });

describe('application materials (第九条, 第十条)', () => {
  it('asks a unit applying in person for form, licence, legal representative ID and physical imprint', () => {
    expect(requiredApplicationMaterials('CONTRACT', 'IN_PERSON')).toEqual([
      'APPLICATION_FORM',
      'BUSINESS_LICENCE',
      'LEGAL_REPRESENTATIVE_ID',
      'PHYSICAL_SEAL_IMPRINT',
    ]);
  });

  it('adds the agent ID and authorisation letter for an agent (第十条)', () => {
    const inPerson = requiredApplicationMaterials('FINANCE', 'IN_PERSON');
    const agent = requiredApplicationMaterials('FINANCE', 'AGENT');
    expect(agent).toEqual([...inPerson, 'AGENT_ID', 'AUTHORISATION_LETTER']);
  });

  it('asks for the holder ID on position seals, and appointment where the licence does not name the holder', () => {
    expect(requiredApplicationMaterials('LEGAL_REPRESENTATIVE', 'IN_PERSON')).toContain('HOLDER_ID');
    expect(requiredApplicationMaterials('LEGAL_REPRESENTATIVE', 'IN_PERSON')).not.toContain('POSITION_APPOINTMENT');
    expect(requiredApplicationMaterials('FINANCE_PRINCIPAL', 'IN_PERSON')).toContain('POSITION_APPOINTMENT');
    expect(requiredApplicationMaterials('BRANCH', 'IN_PERSON')).toContain('UNIT_PART_ESTABLISHMENT');
  });

  it('has a Chinese name and article for every material of every kind', () => {
    for (const kind of SEAL_KIND_CODES) {
      for (const m of requiredApplicationMaterials(kind, 'AGENT')) expect(APPLICATION_MATERIALS[m].article).toMatch(/^第.+条$/);
    }
  });

  it('accepts a complete agent application', () => {
    const materials = requiredApplicationMaterials('CONTRACT', 'AGENT').map(doc);
    expect(() => assertApplicationComplete({ kind: 'CONTRACT', channel: 'AGENT', materials })).not.toThrow();
  });

  it('reports an agent without an authorisation letter as APPLICATION_INCOMPLETE', () => {
    const materials = requiredApplicationMaterials('CONTRACT', 'AGENT')
      .filter((m) => m !== 'AUTHORISATION_LETTER')
      .map(doc);
    try {
      assertApplicationComplete({ kind: 'CONTRACT', channel: 'AGENT', materials });
      throw new Error('expected a SealError');
    } catch (error) {
      expect(error).toBeInstanceOf(SealError);
      expect((error as SealError).code).toBe('APPLICATION_INCOMPLETE');
      expect((error as SealError).details).toEqual({
        kind: 'CONTRACT',
        channel: 'AGENT',
        missing: ['AUTHORISATION_LETTER'],
        malformed: [],
      });
    }
  });

  it('counts a document with a malformed digest as missing and names it', () => {
    const materials = requiredApplicationMaterials('CONTRACT', 'IN_PERSON').map(doc);
    materials[1] = { kind: 'BUSINESS_LICENCE', sm3: 'not-a-digest' };
    expect(checkApplicationMaterials({ kind: 'CONTRACT', channel: 'IN_PERSON', materials })).toEqual({
      missing: ['BUSINESS_LICENCE'],
      malformed: ['BUSINESS_LICENCE'],
    });
  });

  it('reports everything missing for an empty application', () => {
    expect(checkApplicationMaterials({ kind: 'AUDIT', channel: 'AGENT', materials: [] }).missing).toHaveLength(6);
  });
});
