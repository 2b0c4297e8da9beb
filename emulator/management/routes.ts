// STUB — owned by the Management API helper.
import type { EmulatorContext } from '../app.ts';
import type { Router } from '../http/router.ts';

export function managementRoutes(_router: Router, _context: EmulatorContext): void {}
