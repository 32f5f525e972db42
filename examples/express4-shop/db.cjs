'use strict';
// The shop's own schema, through TypeORM: users and orders point to a shared address table,
// order lines have a composite key. Nothing in it exists for the privacy module's sake.
const { DataSource, EntitySchema } = require('typeorm');

const Address = new EntitySchema({
  name: 'Address',
  tableName: 'address',
  columns: {
    id: { type: Number, primary: true, generated: true },
    full_name: { type: String, length: 160 },
    street: { type: String, length: 200 },
    city: { type: String, length: 80 },
    postcode: { type: String, length: 16 },
    country: { type: String, length: 2 },
  },
});

const User = new EntitySchema({
  name: 'User',
  tableName: 'users',
  columns: {
    id: { type: Number, primary: true, generated: true },
    email: { type: String, length: 254, unique: true },
    password_hash: { type: String, length: 200 },
    address_id: { type: Number, nullable: true },
    created_at: { type: 'datetime', createDate: true },
  },
  relations: { address: { type: 'many-to-one', target: 'Address', joinColumn: { name: 'address_id' }, onDelete: 'SET NULL' } },
});

const Product = new EntitySchema({
  name: 'Product',
  tableName: 'products',
  columns: {
    id: { type: Number, primary: true, generated: true },
    sku: { type: String, length: 32, unique: true },
    name: { type: String, length: 120 },
    price_cents: { type: Number },
    stock: { type: Number },
  },
});

const Order = new EntitySchema({
  name: 'Order',
  tableName: 'orders',
  columns: {
    id: { type: Number, primary: true, generated: true },
    user_id: { type: Number, nullable: true },
    email: { type: String, length: 254, nullable: true },
    phone: { type: String, length: 32, nullable: true },
    address_id: { type: Number, nullable: true },
    total_cents: { type: Number },
    created_at: { type: 'datetime', createDate: true },
  },
  relations: { address: { type: 'many-to-one', target: 'Address', joinColumn: { name: 'address_id' }, onDelete: 'SET NULL' } },
});

const OrderLine = new EntitySchema({
  name: 'OrderLine',
  tableName: 'order_lines',
  columns: {
    order_id: { type: Number, primary: true },
    line_no: { type: Number, primary: true },
    product_id: { type: Number },
    quantity: { type: Number },
    price_cents: { type: Number },
  },
  relations: { order: { type: 'many-to-one', target: 'Order', joinColumn: { name: 'order_id' }, onDelete: 'CASCADE' } },
});

/** `sqlite:<file>` or `mysql://user:pass@host:3306/db`, as the module's own `db` option reads it. */
function dataSource(url) {
  const entities = [Address, User, Product, Order, OrderLine];
  if (url.startsWith('sqlite:')) return new DataSource({ type: 'better-sqlite3', database: url.slice('sqlite:'.length), entities, synchronize: true });
  return new DataSource({ type: 'mysql', url: url.replace(/^mariadb:/, 'mysql:'), entities, synchronize: true, charset: 'utf8mb4_unicode_ci' });
}

const catalogue = [
  { sku: 'WB-205', name: 'Wiper blades 2×55 cm', price_cents: 1890, stock: 40 },
  { sku: 'BP-118', name: 'Brake pads, front axle', price_cents: 4650, stock: 12 },
  { sku: 'LB-007', name: 'H7 headlight bulb', price_cents: 790, stock: 1 },
];

/** Opens the database, creates the shop's tables and seeds the catalogue once. */
async function openShopDatabase(url) {
  const db = dataSource(url);
  await db.initialize();
  const products = db.getRepository('Product');
  if ((await products.count()) === 0) await products.save(catalogue);
  return db;
}

module.exports = { openShopDatabase };
