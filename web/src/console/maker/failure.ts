import { ApiError } from '../../shared/api';
import type { ConsoleTranslate } from '../console';

/** A failed call in words, with the API's error code for whoever the person calls for help. */
export const failure = (t: ConsoleTranslate, error: unknown): string =>
  t('failed', { code: error instanceof ApiError ? error.code : 'NETWORK' });
