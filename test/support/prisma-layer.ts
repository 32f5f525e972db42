import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaMariaDb } from '@prisma/adapter-mariadb';
import { fromPrisma, type PrismaRawClient } from '../../index.js';
import { requireHere, sqliteFile, type LayerFactory } from './adapter-layers.js';
import type { TestDatabase } from './databases.js';

/**
 * A shop on Prisma 7 with a driver adapter, its orders a model of its schema. The client is
 * generated for each provider by `prisma generate` into node_modules/.cache (not in git, and
 * out of tsc's, ESLint's and Prettier's way), once per run: a clean clone needs only `npm ci`.
 */

type Provider = 'sqlite' | 'mysql';

/** The parts of a generated client the tests use: the shop's orders, and its interactive transaction. */
interface ShopOrders {
  order: { create(args: { data: { email: string; totalCents: number } }): Promise<{ id: number }>; count(): Promise<number> };
}
export type PrismaTx = PrismaRawClient & ShopOrders;
export interface PrismaShop extends ShopOrders {
  $transaction(work: (tx: PrismaTx) => Promise<void>): Promise<void>;
  $disconnect(): Promise<void>;
}
type PrismaClientClass = new (options: { adapter: unknown }) => PrismaShop;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cache = path.join(root, 'node_modules', '.cache', 'express-shop-privacy-prisma');

/** The shop's own orders table (test/support/adapter-layers.ts createOrders), as the shop's Prisma schema maps it. */
const schema = (provider: Provider) => `generator client {
  provider = "prisma-client"
  output   = "./client"
}

datasource db {
  provider = "${provider}"
}

model Order {
  id         Int    @id @default(autoincrement())
  email      String
  totalCents Int    @map("total_cents")

  @@map("orders")
}
`;

const generated = new Map<Provider, Promise<PrismaClientClass>>();

/**
 * `prisma generate` needs no native engine: the client and its query compiler are WebAssembly
 * from npm. The CLI still checks for the native schema engine (migrations, introspection) first,
 * which only binaries.prisma.sh serves; pointed at a stand-in it goes on, and never runs it.
 */
async function generate(provider: Provider): Promise<PrismaClientClass> {
  const dir = path.join(cache, provider);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'schema.prisma'), schema(provider));
  // The generated client is ESM TypeScript that tsx runs; node_modules hides the project's "type".
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
  const cli = path.join(path.dirname(requireHere.resolve('prisma/package.json')), 'build', 'index.js');
  await promisify(execFile)(process.execPath, [cli, 'generate', '--schema', 'schema.prisma'], {
    cwd: dir,
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: path.join(root, 'test', 'support', 'prisma-no-schema-engine.sh'),
      CHECKPOINT_DISABLE: '1',
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
    },
  });
  const { PrismaClient } = (await import(pathToFileURL(path.join(dir, 'client', 'client.ts')).href)) as { PrismaClient: PrismaClientClass };
  return PrismaClient;
}

/** The generated client for a provider, generated on first use in this run. */
export function prismaClientClass(provider: Provider): Promise<PrismaClientClass> {
  let found = generated.get(provider);
  if (!found) {
    found = generate(provider);
    generated.set(provider, found);
  }
  return found;
}

/** A Prisma client on the test database, through the driver adapter a shop would use there. */
export async function openPrisma(db: TestDatabase): Promise<PrismaShop> {
  if (db.engine === 'SQLite') return new (await prismaClientClass('sqlite'))({ adapter: new PrismaBetterSqlite3({ url: `file:${sqliteFile(db)}` }) });
  return new (await prismaClientClass('mysql'))({ adapter: new PrismaMariaDb(db.url.replace(/^mysql:/, 'mariadb:')) });
}

export const prismaLayer: LayerFactory = {
  name: 'Prisma (fromPrisma)',
  engines: ['SQLite', 'MariaDB'],
  async open(db) {
    const prisma = await openPrisma(db);
    return {
      transaction: (work) =>
        prisma.$transaction(async (tx) => {
          await work({
            insertOrder: async (email) => (await tx.order.create({ data: { email, totalCents: 1999 } })).id,
            trx: fromPrisma(tx),
          });
        }),
      countOrders: () => prisma.order.count(),
      close: () => prisma.$disconnect(),
    };
  },
};
