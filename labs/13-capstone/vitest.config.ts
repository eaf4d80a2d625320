import { defineLabConfig } from '@workshop/cli/vitest-config';

// The CLI (`pnpm workshop`) sets WORKSHOP_TARGET to run these tests against labs/ or solutions/.
export default defineLabConfig(import.meta.dirname);
