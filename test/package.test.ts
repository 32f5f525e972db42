import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { assert, expect } from 'chai';
import express from 'express';
import request from 'supertest';
import { testSecret } from './support/secret.js';
import { xpartsShop } from './support/shop-options.js';

/**
 * What `npm install express-shop-privacy` gives an integrator: the compiled `dist/`
 * (built by `npm run build`, which `npm install` runs through `prepare`).
 */
describe('the built package', function () {
  it('exports the API with type declarations, and renders pages from its own copy of the views', async function () {
    for (const file of ['dist/index.js', 'dist/index.d.ts', 'dist/bin/shop-privacy.js', 'dist/views/policy.hbs', 'dist/views/assets/privacy.css']) {
      expect(fs.existsSync(file), `${file} is missing: run npm run build`).to.equal(true);
    }
    const built = (await import('../dist/index.js' as string)) as typeof import('../index.js');
    const privacy = built.createPrivacy({ secret: testSecret, db: 'sqlite::memory:', ...xpartsShop });
    // As the README has a shop do at start: the tables, and the policy's version settled from its text.
    await privacy.migrate();
    const app = express();
    app.use('/privacy', privacy.router());
    const res = await request(app).get('/privacy/policy').expect(200);
    expect(res.text).to.contain('SIA KRAUD');
    await privacy.close();
  });
});

describe('a CommonJS shop', function () {
  it("require()s the package by its name, migrates before listen without top-level await, and serves the module's pages", async function () {
    this.timeout(30_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esp-cjs-'));
    // examples/commonjs/server.cjs, run as a shop runs it: require('express-shop-privacy') resolves the built package.
    const shop = spawn(process.execPath, ['examples/commonjs/server.cjs'], {
      env: { ...process.env, PORT: '0', DATABASE_URL: `sqlite:${path.join(dir, 'shop.sqlite')}`, NODE_ENV: 'development' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const port = await new Promise<number>((resolve, reject) => {
        let out = '';
        let err = '';
        shop.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const found = /listening on (\d+)/.exec(out);
          if (found?.[1]) resolve(Number(found[1]));
        });
        shop.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
        shop.on('exit', (code) => reject(new Error(`the CommonJS shop exited with ${code}: ${err}`)));
      });
      const res = await fetch(`http://127.0.0.1:${port}/privacy/policy`);
      expect(res.status).to.equal(200);
      expect(await res.text()).to.contain('<html lang="lv"');
      expect((await (await fetch(`http://127.0.0.1:${port}/`)).text()).trim()).to.equal('<a href="/privacy/policy">Privacy</a>');
    } finally {
      shop.kill('SIGTERM');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('what npm pack ships', function () {
  it('holds only the built package, the README and the licence: no sources, maps, tests, examples or benchmarks', function () {
    this.timeout(60_000);
    // --ignore-scripts: the suite has built dist/ already; packing must not rebuild it under the other tests.
    const packed = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const [report] = JSON.parse(packed) as { size: number; unpackedSize: number; files: { path: string }[] }[];
    assert.exists(report, 'the pack report');
    const paths = report.files.map((file) => file.path);
    expect(paths.filter((file) => !file.startsWith('dist/')).sort()).to.deep.equal(['LICENSE', 'README.md', 'package.json']);
    expect(paths.filter((file) => file.endsWith('.map') || file.endsWith('.ts') !== file.endsWith('.d.ts'))).to.deep.equal([]);
    for (const needed of [
      'dist/index.js',
      'dist/index.d.ts',
      'dist/index.cjs',
      'dist/index.d.cts',
      'dist/bin/shop-privacy.js',
      'dist/views/layout.hbs',
      'dist/migrations/index.js',
    ])
      expect(paths).to.include(needed);
    // The README states the size; it must stay about true (within a quarter) as the module grows.
    const stated = /`npm pack` is (\d+) KB/.exec(fs.readFileSync('README.md', 'utf8'))?.[1];
    assert.exists(stated, 'the size the README states');
    expect(report.size / 1024).to.be.within(Number(stated) * 0.75, Number(stated) * 1.25);
  });
});

describe('the package as TypeScript and bundlers resolve it', function () {
  it('has types and code for ESM and CommonJS consumers alike (@arethetypeswrong/cli on the packed tarball)', function () {
    this.timeout(120_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esp-attw-'));
    try {
      // --ignore-scripts: pack the dist/ the suite built, without rebuilding it under the other tests.
      const packed = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      const [report] = JSON.parse(packed) as { filename: string }[];
      assert.exists(report, 'the pack report');
      const attw = path.join('node_modules', '.bin', 'attw');
      const result = JSON.parse(execFileSync(attw, [path.join(dir, report.filename), '--format', 'json'], { encoding: 'utf8' })) as {
        analysis: { problems: unknown[]; entrypoints: Record<string, { resolutions: Record<string, { resolution?: { isTypeScript?: boolean } }> }> };
      };
      expect(result.analysis.problems).to.deep.equal([]);
      const root = result.analysis.entrypoints['.'];
      assert.exists(root, 'the package root entry point');
      for (const mode of ['node16-cjs', 'node16-esm', 'bundler']) expect(root.resolutions[mode]?.resolution?.isTypeScript, mode).to.equal(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
