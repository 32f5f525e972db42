import { Router } from 'express';
import type { ResolvedOptions } from '../options/schema.js';
import type { Views } from '../http/views.js';
import { staffOnly } from './gate.js';

/** Everything under `/staff`: behind the host's `isStaff(req)`, a 404 for everyone else. */
export function staffRoutes(options: ResolvedOptions, views: Views, parts: Router[]): Router {
  const router = Router();
  router.use(staffOnly(options, views));
  if (parts.length > 0) router.use(...parts);
  return router;
}
