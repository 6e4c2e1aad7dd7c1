import type { ApiModule } from '../../app';
import type { SigningDeps } from '../../usecases/signing';
import { recordRoutes } from './record-routes';
import { signRoutes } from './sign-routes';
import { useRequestRoutes } from './use-request-routes';
import { verifyRoutes } from './verify-routes';
import { reportFontLoader } from '../../infra/report-font';
import { verificationReportRenderings } from '../report-renderings';

/** Every signing and verification route, for the composition root to pass to createApp. */
export function signingApi(deps: SigningDeps, options: { reportFont?: () => Uint8Array } = {}): ApiModule {
  const renderings = verificationReportRenderings(options.reportFont ?? reportFontLoader(), deps.clock);
  const modules = [useRequestRoutes(deps), signRoutes(deps), verifyRoutes(deps, renderings), recordRoutes(deps)];
  return (api) => modules.forEach((declare) => declare(api));
}
