// zod compiles object parsers with `new Function` when a schema is built unless told not to, and the
// page's CSP forbids eval (the attempt is reported as a violation). Every renderer module that loads
// schemas at run time imports this first (settings-schema.ts), so the setting is in place before any
// schema in common/ is constructed.
import { z } from 'zod';

z.config({ jitless: true });
