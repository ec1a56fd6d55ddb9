/** The DataSource for the TypeORM CLI (`npm run migration:*`); reads DATABASE_URL only. */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { typeormOptions } from './typeorm-options';

const url = process.env.DATABASE_URL;
if (!url) {
  throw new Error('DATABASE_URL is required for migration commands, e.g. postgres://postgres@127.0.0.1:5432/advisory_crm');
}

export default new DataSource(typeormOptions(url));
