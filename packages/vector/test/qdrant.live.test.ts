/** The contract against a real Qdrant: `QDRANT_URL=http://127.0.0.1:6333 pnpm vitest run test/qdrant.live.test.ts`. */
import { describeLive } from '@workshop/testkit';
import { createQdrantVectorStore } from '../src/qdrant/store.ts';
import { runVectorStoreContract } from './contract.ts';

describeLive('QDRANT_URL', 'qdrant (live)', () => {
  runVectorStoreContract('qdrant (live)', () =>
    createQdrantVectorStore({ url: process.env.QDRANT_URL ?? '', apiKey: process.env.QDRANT_API_KEY }),
  );
});
