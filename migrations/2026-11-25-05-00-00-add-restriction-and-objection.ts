import type { Knex } from 'knex';
import type { TableNames } from '../lib/store/tables.js';

/** When a subject restricted processing (GDPR Art. 18) and objected to direct marketing (Art. 21(2)). */
export async function up(knex: Knex, tables: TableNames): Promise<void> {
  const add = async (column: string) => {
    if (await knex.schema.hasColumn(tables.subjects, column)) return;
    await knex.schema.alterTable(tables.subjects, (table) => {
      table.timestamp(column, { useTz: false }).nullable();
    });
  };
  await add('restricted_at');
  await add('marketing_objection_at');
}
