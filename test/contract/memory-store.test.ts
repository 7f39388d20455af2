import { createMemoryStore } from '../../server/store/memory/memory-store.js';
import { describeStoreContract } from './store.contract.js';

describeStoreContract('in-memory', async () => createMemoryStore());
