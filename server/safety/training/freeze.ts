/** Run once: freezes the test split (by template) and records its sha256. It refuses to run again. */
import { freezeTestSplit } from './corpus.js';

const { messages, sha256 } = freezeTestSplit();
process.stdout.write(`froze ${messages} messages as the test split, sha256 ${sha256}\n`);
