/**
 * `npm start`: the example shop on PORT (default 3000) with DATABASE_URL (default the embedded
 * sqlite:data/shop.sqlite), migrating and seeding on first start.
 */
import http from 'node:http';
import { createShop, settingsFromEnv } from './app.js';

const server = http.createServer();
server.listen(Number(process.env.PORT ?? 3000), async () => {
  const { port } = server.address() as { port: number };
  try {
    const shop = await createShop(settingsFromEnv(process.env, port));
    server.on('request', shop.app);
    console.log(`Listening on http://localhost:${port}`);
    const stop = () => {
      server.close(() => void shop.close().then(() => process.exit(0)));
      server.closeAllConnections();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } catch (err) {
    console.error(`The shop could not start: ${(err as Error).message}`);
    process.exit(1);
  }
});
