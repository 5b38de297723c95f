// The push service of the distributed topology (docker-compose.yml): the same platform code
// as `npm start`, running only this role. Configuration comes from the environment.
import { runProcess } from '../shared/run.js';

void runProcess('push', { ROLES: 'push' });
