// The projector thread's bootstrap: a worker does not inherit the main thread's tsx loader,
// so it loads its TypeScript entry through tsx's API.
import { tsImport } from 'tsx/esm/api';

await tsImport('./projector-thread.ts', import.meta.url);
