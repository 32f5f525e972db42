import { mysqlUrl } from './databases.js';
import { redact } from '../../lib/store/database.js';

const notice = mysqlUrl
  ? `Database tests run on SQLite and on MySQL/MariaDB at ${redact(mysqlUrl)}.`
  : 'MySQL/MariaDB tests SKIPPED: TEST_MYSQL_URL is not set, so database tests run on SQLite only. ' +
    'Set e.g. TEST_MYSQL_URL=mysql://root@127.0.0.1:3306/test to run them on MariaDB too.';

/** Root hooks: say plainly, before and after the run, which databases the tests covered. */
export const mochaHooks = {
  beforeAll() {
    console.log(`\n  ${notice}\n`);
  },
  afterAll() {
    if (!mysqlUrl) console.log(`\n  ${notice}`);
  },
};
