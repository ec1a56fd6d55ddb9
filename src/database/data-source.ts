/** The DataSource for the TypeORM CLI (`npm run migration:*`); reads DATABASE_URL only. */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadDatabaseUrl } from '../config/app-config';
import { typeormOptions } from './typeorm-options';

export default new DataSource(typeormOptions(loadDatabaseUrl()));
