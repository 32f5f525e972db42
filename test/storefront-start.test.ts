import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { onEachDatabase, tempDir } from './support/databases.js';

/** Starts the example exactly as `npm start` does, on a free port, and stops it with SIGTERM. */
async function startServer(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('examples/storefront/server.ts')], {
    env: { ...process.env, PORT: '0', NODE_ENV: 'development', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "Listening on" within 20 s:\n${output}`)), 20000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const found = /Listening on (http:\/\/localhost:\d+)/.exec(output)?.[1];
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)));
  });
  return {
    url,
    stop: () =>
      new Promise<number | null>((resolve) => {
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}

onEachDatabase('npm start', (db) => {
  it('serves the shop and the Latvian and English privacy policy, migrating and seeding on first start', async function () {
    const outbox = tempDir('esp-start-outbox-');
    const server = await startServer({ DATABASE_URL: db().url, OUTBOX_DIR: outbox });
    try {
      const policy = await fetch(`${server.url}/privacy/policy`);
      expect(policy.status).to.equal(200);
      const lv = await policy.text();
      // The date is the day the example first published its text: the server runs on the system clock.
      expect(lv)
        .to.contain('SIA KRAUD')
        .and.to.match(/Pēdējās izmaiņas veiktas: \d{2}\.\d{2}\.\d{4}/)
        .and.to.contain('Privātuma politika');
      const en = await (await fetch(`${server.url}/privacy/policy?lang=en`)).text();
      expect(en)
        .to.contain('Privacy policy')
        .and.to.match(/Last changed: \d{1,2} [A-Z][a-z]+ \d{4}/);
      const home = await (await fetch(`${server.url}/`)).text();
      expect(home).to.contain('Bremžu kluči');
    } finally {
      expect(await server.stop()).to.equal(0);
    }
    // A second start finds everything in place: no migration, no second catalogue.
    const again = await startServer({ DATABASE_URL: db().url, OUTBOX_DIR: outbox });
    expect((await fetch(`${again.url}/privacy/policy`)).status).to.equal(200);
    expect(await again.stop()).to.equal(0);
    expect(await db().knex('products').count({ n: '*' })).to.deep.equal([{ n: 16 }]);
  });
});

/** An address of this machine other than loopback, to knock from the network's side; none on an isolated host. */
function networkAddress(): string | undefined {
  return Object.values(os.networkInterfaces())
    .flat()
    .find((address) => address?.family === 'IPv4' && !address.internal)?.address;
}

describe('npm start without NODE_ENV', function () {
  it('keeps /dev/outbox closed unless DEV_OUTBOX=1, and listens on 127.0.0.1 unless HOST says otherwise', async function () {
    const dir = tempDir('esp-start-dev-');
    const env = { DATABASE_URL: `sqlite:${path.join(dir, 'shop.sqlite')}`, OUTBOX_DIR: path.join(dir, 'outbox'), NODE_ENV: '' };
    const server = await startServer(env);
    try {
      expect((await fetch(`${server.url}/dev/outbox`)).status).to.equal(404);
      const outside = networkAddress();
      if (outside) {
        const port = new URL(server.url).port;
        const knocked = await fetch(`http://${outside}:${port}/`).then(
          (res) => res.status,
          () => 'refused',
        );
        expect(knocked, `the shop answered on ${outside}`).to.equal('refused');
      }
    } finally {
      expect(await server.stop()).to.equal(0);
    }
    const open = await startServer({ ...env, DEV_OUTBOX: '1' });
    try {
      expect((await fetch(`${open.url}/dev/outbox`)).status).to.equal(200);
    } finally {
      expect(await open.stop()).to.equal(0);
    }
  });
});

describe('npm start in production', function () {
  it('refuses to start without real secrets, saying which to set', async function () {
    const dir = tempDir('esp-start-prod-');
    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('examples/storefront/server.ts')], {
      env: {
        ...process.env,
        PORT: '0',
        NODE_ENV: 'production',
        DATABASE_URL: `sqlite:${path.join(dir, 'shop.sqlite')}`,
        OUTBOX_DIR: path.join(dir, 'outbox'),
        SESSION_SECRET: '',
        PRIVACY_SECRET: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => void (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => void (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).to.equal(1);
    expect(output).to.contain('Set SESSION_SECRET and PRIVACY_SECRET').and.not.to.contain('Listening on');
  });
});
