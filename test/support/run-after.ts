// tap's `after` script (.taprc): removes this run's PostgreSQL template (and any left by runs that
// were killed), so a run leaves nothing behind in the temp directory.
import { removeTemplates } from './pg-template.js';

removeTemplates(process.ppid);
