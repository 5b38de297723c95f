// `npm start`: the whole product in one process on embedded PostgreSQL, dev mode on unless
// DEV_MODE says otherwise.
import { runProcess } from './shared/run.js';

void runProcess('moneyrooms', { DEV_MODE: 'true', ROLES: 'all' });
