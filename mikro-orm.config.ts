/**
 * MikroORM configuration for its CLI (`npx mikro-orm ...` against the built output). The app and
 * the npm scripts build the same options through src/db/orm.ts.
 */
import 'reflect-metadata';
import { loadConfig } from './src/config.js';
import { ormOptions } from './src/db/orm.js';

export default ormOptions(loadConfig());
