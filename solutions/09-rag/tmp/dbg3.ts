import { createHash } from 'node:crypto';
import { questionSplit } from '../../../labs/09-rag/eval/rows.ts';
const PLAN = ['verbatim','changed-figure','reworded','wrong-source','verbatim','invented','reworded','swapped-name','verbatim','changed-figure','reworded','uncited','verbatim','swapped-name','reworded','invalid-marker'];
const c: Record<string, number> = {};
for (const q of questionSplit('dev')) { const n = createHash('sha256').update(q.question).digest().readUInt32BE(0); const k = PLAN[n % PLAN.length]!; c[k] = (c[k] ?? 0) + 1; }
console.log(c);
