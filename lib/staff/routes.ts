import { Router } from 'express';
import type { ResolvedOptions } from '../options/schema.js';
import { staffOnly } from './gate.js';

/** Everything under `/staff`: behind the host's `isStaff(req)`, a 404 for everyone else. */
export function staffRoutes(options: ResolvedOptions, parts: Router[]): Router {
  const router = Router();
  router.use(staffOnly(options));
  if (parts.length > 0) router.use(...parts);
  return router;
}
