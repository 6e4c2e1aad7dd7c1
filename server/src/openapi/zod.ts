import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

// Adds `.openapi()` to zod schemas once; route and domain schemas import `z` from here so the
// extension is always in place before a schema is declared.
extendZodWithOpenApi(z);

export { z };
