import { labEmbedder } from './embedder.ts';
const e = labEmbedder();
const texts = ['How long do customers have to return items for a refund?', 'Returns and refunds\nRefund window\nCustomers can return most items within 30 days of delivery for a full refund. The item must be unused, with its tags and in its original packaging.', 'Health and safety\nFire safety\nFire drills take place every six months at every site, one of them unannounced.', 'Expenses\nLimits\n| Item | Limit | Notes |\n|---|---|---|\n| Dinner while travelling | £35 per person | Alcohol is not reimbursed |', 'How much can I spend on dinner when travelling?', 'refund', 'money back'];
const v = (await e.embed(texts)).embeddings;
const cos = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);
console.log('q-refund', cos(v[0]!, v[1]!).toFixed(3), 'q-fire', cos(v[0]!, v[2]!).toFixed(3), 'q-dinner', cos(v[0]!, v[3]!).toFixed(3));
console.log('dinnerq-dinner', cos(v[4]!, v[3]!).toFixed(3), 'dinnerq-refund', cos(v[4]!, v[1]!).toFixed(3), 'dinnerq-fire', cos(v[4]!, v[2]!).toFixed(3));
console.log('refund~money back', cos(v[5]!, v[6]!).toFixed(3));
