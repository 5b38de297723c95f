import t from 'tap';
import { createMemoryEventStore } from '../../services/shared/event-store/memory.js';
import { eventStoreContract } from './event-store.contract.js';

eventStoreContract(t, 'memory', async () => {
  const store = createMemoryEventStore();
  return { store, teardown: () => store.close() };
});
