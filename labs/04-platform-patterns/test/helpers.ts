/**
 * Test doubles for time: a clock the test moves by hand and a scheduler whose timers fire
 * only when the test says so. No test here sleeps or measures time.
 */
import type { ChatMessage } from '@workshop/llm';

/** A clock that stands still until `advance()` is called. */
export function manualClock(start = Date.UTC(2025, 0, 15, 10, 0, 0)) {
  let now = start;
  const clock = () => now;
  clock.advance = (ms: number) => {
    now += ms;
  };
  return clock;
}

/** A scheduler that records timers; `fireAll()` runs the pending ones, as if their delay had passed. */
export function manualScheduler() {
  const timers = new Set<{ callback: () => void; delayMs: number }>();
  return {
    schedule(callback: () => void, delayMs: number) {
      const timer = { callback, delayMs };
      timers.add(timer);
      return () => {
        timers.delete(timer);
      };
    },
    /** Delays of the timers that have not fired or been cancelled. */
    pendingDelays(): number[] {
      return [...timers].map((timer) => timer.delayMs);
    },
    fireAll() {
      const due = [...timers];
      timers.clear();
      for (const timer of due) timer.callback();
    },
  };
}

/** Lets promise callbacks and queued I/O callbacks run (no timers involved). */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

const TOPICS = [
  'the delivery date of order 4471',
  'a refund for the cracked teapot',
  'changing the billing address to Utrecht',
  'the warranty on the K-7 kettle',
  'an invoice for the March subscription',
  'the return label that never arrived',
  'switching to the annual plan',
  'a discount code that was rejected',
  'the tracking number for the second parcel',
  'adding a gift note to the order',
];

/**
 * A support conversation: a system prompt, `turns` user/assistant pairs about different
 * topics (so every turn is distinguishable), and a final user question.
 */
export function supportConversation(turns: number): ChatMessage[] {
  const messages: ChatMessage[] = [
    { role: 'system', content: 'You are the support assistant of Kettle & Co. Answer briefly and politely.' },
  ];
  for (let i = 0; i < turns; i++) {
    const topic = TOPICS[i % TOPICS.length];
    messages.push({
      role: 'user',
      content: `Turn ${i + 1}: I have a question about ${topic}. Can you help me with it today?`,
    });
    messages.push({
      role: 'assistant',
      content: `Turn ${i + 1}: Of course. About ${topic}: I have checked your account and everything is in order now.`,
    });
  }
  messages.push({ role: 'user', content: 'Latest question: which of these issues are still open?' });
  return messages;
}
