import { createMemoryStore } from '../../server/store/memory/memory-store.js';
import { describePrivacyContract } from './privacy.contract.js';
import { describeEscalationContract, describeMatchingContract, describeModerationContract, describeStoreContract } from './store.contract.js';

describeStoreContract('in-memory', async () => createMemoryStore());
describeModerationContract('in-memory', async () => createMemoryStore());
describeEscalationContract('in-memory', async () => createMemoryStore());
describeMatchingContract('in-memory', async () => createMemoryStore());
describePrivacyContract('in-memory', async () => createMemoryStore());
