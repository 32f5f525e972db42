import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { expect } from 'chai';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

/**
 * What a shop's compiler sees: test/types/consumer/shop.ts imports `express-shop-privacy` by its
 * name, which resolves to the built dist/index.d.ts, declares custom data sources and uses what the
 * API returns and throws, without casts; its `@ts-expect-error` lines must each be an error.
 */
describe('a shop’s TypeScript project', function () {
  this.timeout(120_000);

  it('compiles against the built package, a custom data source included, without casts', async function () {
    expect(fs.existsSync('dist/index.d.ts'), 'dist/index.d.ts is missing: run npm run build').to.equal(true);
    const code = fs.readFileSync('test/types/consumer/shop.ts', 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    expect(code).not.to.match(/\bas (?!const\b)[\w{[]|!\.|!\)/, 'the shop needs no casts nor non-null assertions');
    const result = await promisify(execFile)(process.execPath, [tsc, '-p', 'test/types/consumer/tsconfig.json'], { encoding: 'utf8' }).then(
      () => ({ code: 0, output: '' }),
      (err: { code?: number; stdout?: string }) => ({ code: err.code ?? 1, output: err.stdout ?? '' }),
    );
    expect(result.output).to.equal('');
    expect(result.code).to.equal(0);
  });
});
