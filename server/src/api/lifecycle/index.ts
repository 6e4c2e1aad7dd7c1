import type { ApiModule } from '../../app';
import type { LifecycleDeps } from '../../usecases/seals';
import { applicationRoutes } from './application-routes';
import { sealRoutes } from './seal-routes';
import { unitRoutes } from './unit-routes';

/** Units, seal applications and seals under /api/v1. */
export function lifecycleApiModules(deps: LifecycleDeps): ApiModule[] {
  return [unitRoutes(deps), applicationRoutes(deps), sealRoutes(deps)];
}
