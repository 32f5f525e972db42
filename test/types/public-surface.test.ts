import fs from 'node:fs';
import { expect } from 'chai';
import { publicSurfaceProblems } from './public-surface.js';

/**
 * The built declarations, as a shop's editor reads them: every type a caller receives, passes or
 * catches has a name it can import from the package, none is inferred (`ReturnType<…>`), and no
 * function the shop hands in or calls takes `never`.
 */
describe('the published declarations', function () {
  this.timeout(120_000);

  it('name every type the API reaches, with no ReturnType<…> and no never parameter', function () {
    expect(fs.existsSync('dist/index.d.ts'), 'dist/index.d.ts is missing: run npm run build').to.equal(true);
    expect(publicSurfaceProblems('dist/index.d.ts')).to.deep.equal([]);
  });

  it('read index.d.ts as named exports only, each from the module that declares it', function () {
    const index = fs.readFileSync('dist/index.d.ts', 'utf8');
    const statements = index
      .replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean);
    for (const statement of statements) expect(statement, statement).to.match(/^export (type )?\{[^}]+\} from '\.\/lib\/[\w/-]+\.js'$/);
  });
});
