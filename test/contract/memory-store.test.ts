import { createMemoryStore } from '../../server/store/memory/memory-store.js';
import { describeModerationContract, describeStoreContract } from './store.contract.js';

describeStoreContract('in-memory', async () => createMemoryStore());
describeModerationContract('in-memory', async () => createMemoryStore());
