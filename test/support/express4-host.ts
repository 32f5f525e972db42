import express from 'express';
import { createHost } from './host.js';

/**
 * A test shop on Express 4, run as its own process by test/express4*.test.ts with
 * `--import ./test/support/express4-register.ts`, so the module's `express` is Express 4 too.
 * Its session store fails for a request sent with `x-test-session: broken`; a request sent
 * with `x-host-parses: 1` has its body parsed by the shop's own generous parser first.
 */
const url = process.env.EXPRESS4_HOST_DB;
if (!url) throw new Error('EXPRESS4_HOST_DB names the database');
const { app, privacy } = await createHost(
  url,
  {
    // Said in full, whatever the shared test host's defaults are.
    controller: { name: 'SIA Testa Veikals', regNo: '40000000000', address: 'Brīvības iela 1, Rīga, LV-1010', email: 'info@example.lv', website: 'example.lv' },
    supervisoryAuthority: {
      name: { lv: 'Datu valsts inspekcija', en: 'Data State Inspectorate' },
      address: 'Elijas iela 17, Rīga, LV-1050',
      website: 'https://www.dvi.gov.lv',
    },
    currentCustomer: async (req) => {
      if (req.get('x-test-session') === 'broken') throw new Error('the session store is down');
      return null;
    },
  },
  (shop) => {
    const hostParser = express.urlencoded({ extended: true, limit: '1mb', parameterLimit: 10_000 });
    shop.use((req, res, next) => (req.get('x-host-parses') === '1' ? hostParser(req, res, next) : next()));
  },
);
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ port, express: import.meta.resolve('express') })}\n`);
});
process.on('SIGTERM', () => {
  server.close();
  void privacy.close().then(() => process.exit(0));
});
