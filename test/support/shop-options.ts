import { xpartsPreset, type PrivacyOptions } from '../../index.js';

/** SIA KRAUD as the xparts.lv policy names it: the controller the xparts.lv preset was written for. */
export const xpartsController = {
  name: 'SIA KRAUD',
  regNo: '40103337911',
  address: 'Mārupes nov., Mārupes pag., "Brīvmaņi", LV-2167',
  email: 'info@xparts.lv',
  website: 'xparts.lv',
};

/**
 * What a test shop's options start from: the xparts.lv preset under its own controller, as the
 * example shop has it, so the tests read the policy the design describes. A test of the neutral
 * defaults or of another controller builds its options itself (test/options.test.ts).
 */
export const xpartsShop = { ...xpartsPreset, controller: xpartsController } satisfies Partial<PrivacyOptions>;
