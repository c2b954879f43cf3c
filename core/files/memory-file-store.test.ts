import { fileStoreContract } from './contract';
import { createMemoryFileStore } from './memory-file-store';

let n = 0;
fileStoreContract(
  'memory',
  (limits) =>
    Promise.resolve({
      store: createMemoryFileStore(limits),
      workspace: () => Promise.resolve(`ws-${n++}`),
      close: () => Promise.resolve(),
    }),
  false,
);
