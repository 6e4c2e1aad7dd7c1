import type { ApiModule } from '../../app';
import type { SigningDeps } from '../../usecases/signing';
import { recordRoutes } from './record-routes';
import { signRoutes } from './sign-routes';
import { useRequestRoutes } from './use-request-routes';
import { verifyRoutes } from './verify-routes';

/** Every signing and verification route, for the composition root to pass to createApp. */
export function signingApi(deps: SigningDeps): ApiModule {
  const modules = [useRequestRoutes(deps), signRoutes(deps), verifyRoutes(deps), recordRoutes(deps)];
  return (api) => modules.forEach((declare) => declare(api));
}
