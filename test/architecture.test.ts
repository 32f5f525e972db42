import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';

/** Every TypeScript file under `dir`, as paths relative to the project. */
function sourcesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => path.join(dir, file));
}

// The floors and the absence of import circles are dependency-cruiser's (.dependency-cruiser.cjs, `npm run architecture`).
describe('the shape of the code', function () {
  it('keeps every file in lib/ under 300 lines, so each can be read in one sitting', function () {
    const long = sourcesUnder('lib')
      .map((file) => ({ file, lines: fs.readFileSync(file, 'utf8').split('\n').length - 1 }))
      .filter(({ lines }) => lines > 300);
    expect(long).to.deep.equal([]);
  });

  it('writes every log line through the logger option, never bare console (the command line prints its answers)', function () {
    const bare = sourcesUnder('lib')
      .filter((file) => !file.startsWith(path.join('lib', 'cli')))
      .filter((file) => /\bconsole\.(log|info|warn|error|debug)\(/.test(fs.readFileSync(file, 'utf8')));
    expect(bare).to.deep.equal([]);
  });
});
