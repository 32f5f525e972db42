import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { connectDatabase, isMysql } from '../../lib/store/database.js';

/** A fresh, empty database for one test: a temp SQLite file, or a new schema on MySQL/MariaDB. */
export interface TestDatabase {
  engine: string;
  url: string;
  /** A connection the test may use to look at rows; closed by drop(). */
  knex: Knex;
  drop(): Promise<void>;
}

interface Engine {
  name: string;
  create(): Promise<TestDatabase>;
}

export const mysqlUrl = process.env.TEST_MYSQL_URL;

const sqlite: Engine = {
  name: 'SQLite',
  async create() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esp-test-'));
    const url = `sqlite:${path.join(dir, 'test.sqlite')}`;
    const knex = connectDatabase(url);
    return {
      engine: 'SQLite',
      url,
      knex,
      async drop() {
        await knex.destroy();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

function mysqlEngine(adminUrl: string): Engine {
  return {
    name: 'MariaDB',
    async create() {
      const name = `esp_test_${randomBytes(6).toString('hex')}`;
      const admin = connectDatabase(adminUrl);
      try {
        await admin.raw(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
      } finally {
        await admin.destroy();
      }
      const parsed = new URL(adminUrl);
      parsed.pathname = `/${name}`;
      const url = parsed.toString();
      const knex = connectDatabase(url);
      return {
        engine: 'MariaDB',
        url,
        knex,
        async drop() {
          await knex.destroy();
          const cleanup = connectDatabase(adminUrl);
          try {
            await cleanup.raw(`DROP DATABASE IF EXISTS \`${name}\``);
          } finally {
            await cleanup.destroy();
          }
        },
      };
    },
  };
}

export const engines: Engine[] = mysqlUrl ? [sqlite, mysqlEngine(mysqlUrl)] : [sqlite];

/**
 * Declares `body` once per database engine (SQLite always; MariaDB when TEST_MYSQL_URL is set).
 * Each test gets a fresh database through `db()`, dropped after the test.
 */
export function onEachDatabase(title: string, body: (db: () => TestDatabase) => void): void {
  for (const engine of engines) {
    describe(`${title} [${engine.name}]`, function () {
      let current: TestDatabase | undefined;
      beforeEach(async function () {
        current = await engine.create();
      });
      afterEach(async function () {
        await current?.drop();
        current = undefined;
      });
      body(() => {
        if (!current) throw new Error('db() is only available inside a test or hook');
        return current;
      });
    });
  }
}

/** A temp folder removed by the caller; for outboxes and other files a test writes. */
export function tempDir(prefix = 'esp-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Every table of the database, the module's and the shop's: where a person's data could hide. */
export async function allTables(knex: Knex): Promise<string[]> {
  // SHOW TABLES gives each table as a row of one column, its name.
  if (isMysql(knex)) return ((await knex.raw('SHOW TABLES'))[0] as Record<string, string>[]).flatMap((row) => Object.values(row));
  return (await knex('sqlite_master').where({ type: 'table' }).pluck('name')).filter((name: string) => !name.startsWith('sqlite_'));
}
