import { SealError } from '@eseal/core';
import type { FilingRecord, FilingSystem } from '../adapters/public-security';

/**
 * Stands in when PUBLIC_SECURITY_FILING_URL is unset: every filing is "unavailable", so jobs keep
 * retrying and seals stay MADE (visible) until the filing system is configured. Never pretends to file.
 */
export const UNCONFIGURED_FILING_SYSTEM: FilingSystem = {
  async file(record: FilingRecord) {
    throw new SealError('UPSTREAM_UNAVAILABLE', 'the public-security filing system is not configured (PUBLIC_SECURITY_FILING_URL)', {
      details: { filingId: record.filingId },
    });
  },
};
