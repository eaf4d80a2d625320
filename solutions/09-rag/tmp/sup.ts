import { terms, numbersIn } from '../src/text.ts';
const claim = "| `src/circuit-breaker.ts` | `CircuitBreaker`: closed → open → half-open → closed, on an injected clock. **DoD-3 — A circuit breaker per provider.** Opens after N consecutive failures (a success resets";
const ev = "cost, each vendor receiving the prompt in its own wire format. A failing provider becomes a row\nwith its error kind; the others still run.\n3. **DoD-3 — A circuit breaker per provider.** Opens after N consecutive failures (a success resets\nthe count), refuses calls while open, turns half-open after t";
const f = new Set(terms(ev)); const c = [...new Set(terms(claim))];
console.log(c.filter((t) => f.has(t)).length / c.length, c.filter((t) => !f.has(t)));
