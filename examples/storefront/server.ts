/**
 * `npm start`: the example shop on PORT (default 3000) with DATABASE_URL (default the embedded
 * sqlite:data/shop.sqlite) and OUTBOX_DIR (default data/outbox), migrating and seeding on first
 * start. SIGINT or SIGTERM closes it cleanly. It listens on 127.0.0.1 unless HOST names another
 * address (`HOST=0.0.0.0` for every interface), and lists sent e-mails at /dev/outbox only with
 * DEV_OUTBOX=1: a development shop is not reachable from the network by default.
 */
import http from 'node:http';
import type { Express } from 'express';
import { isExampleSecret } from '../../index.js';
import { createShop, settingsFromEnv } from './app.js';

/**
 * The secrets printed in the README and in this example are known to everyone: in production
 * they would let anyone forge consent cookies and CSRF tokens, so the shop does not start.
 */
function refuseExampleSecrets(env: NodeJS.ProcessEnv): void {
  if (env.NODE_ENV !== 'production') return;
  const published = (['SESSION_SECRET', 'PRIVACY_SECRET'] as const).filter((name) => isExampleSecret(env[name]));
  if (published.length > 0) {
    throw new Error(
      `${published.join(' and ')} ${published.length > 1 ? 'are' : 'is'} an example secret from the documentation; set SESSION_SECRET and PRIVACY_SECRET to your own (32+ random characters each) in production.`,
    );
  }
}

let app: Express | undefined;
// The port is taken first so links in e-mails name the real one, even with PORT=0.
const server = http.createServer((req, res) => {
  if (app) return app(req, res);
  res.writeHead(503, { 'Retry-After': '1', 'Content-Type': 'text/plain; charset=utf-8' }).end('xparts.lv is starting…\n');
});

const host = process.env.HOST || '127.0.0.1';
const shown = ['127.0.0.1', '0.0.0.0', '::'].includes(host) ? 'localhost' : host.includes(':') ? `[${host}]` : host;

server.listen(Number(process.env.PORT ?? 3000), host, async () => {
  const { port } = server.address() as { port: number };
  try {
    refuseExampleSecrets(process.env);
    const shop = await createShop(settingsFromEnv(process.env, port));
    app = shop.app;
    console.log(`Listening on http://${shown}:${port}`);
    const stop = () => {
      server.close(
        () =>
          void shop.close().then(
            () => process.exit(0),
            (err: Error) => {
              console.error(`The shop did not close cleanly: ${err.message}`);
              process.exit(1);
            },
          ),
      );
      server.closeAllConnections();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } catch (err) {
    console.error(`The shop could not start: ${(err as Error).message}`);
    process.exit(1);
  }
});
