/**
 * Lookups and rules: answer a parsed intent from the tables. Pure (the tables and the clock are
 * arguments), so every answer is reproducible and testable without a model. Given code: the same
 * in the starter and the solution; the lesson is which requests reach it (src/parse.ts).
 */
import type {
  Answer,
  ConversionAnswer,
  Fixtures,
  Intent,
  Order,
  OrderStatusAnswer,
  PasswordResetAnswer,
  ReturnAnswer,
} from './types.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Answers `intent` from `data`; `now` decides the return window. Never calls a model. */
export function answerIntent(intent: Intent, data: Fixtures, now: Date): Answer {
  switch (intent.kind) {
    case 'order_status':
      return orderStatus(intent.orderId, data);
    case 'return_eligibility':
      return returnEligibility(intent.orderId, data, now);
    case 'convert_currency':
      return convert(intent.amount, intent.from, intent.to, data);
    case 'password_reset':
      return passwordReset(data);
  }
}

function findOrder(orderId: string, data: Fixtures): Order | null {
  return data.orders.find((order) => order.id === orderId) ?? null;
}

function notFound(orderId: string, data: Fixtures): string {
  return `I can't find order ${orderId}. Please check the id, or write to ${data.policy.supportEmail}.`;
}

function orderStatus(orderId: string, data: Fixtures): OrderStatusAnswer {
  const order = findOrder(orderId, data);
  if (!order) return { kind: 'order_status', orderId, order: null, text: notFound(orderId, data) };
  const text = {
    processing: `Order ${orderId} is processing: it has not shipped yet.`,
    shipped: `Order ${orderId} is shipped${order.carrier ? ` with ${order.carrier}` : ''}.`,
    delivered: `Order ${orderId} was delivered on ${order.deliveredAt ?? 'an unknown date'}.`,
    cancelled: `Order ${orderId} was cancelled.`,
  }[order.status];
  return { kind: 'order_status', orderId, order, text };
}

/** `YYYY-MM-DD` plus `days`, in UTC (dates in the fixtures are calendar dates, not instants). */
function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function returnEligibility(orderId: string, data: Fixtures, now: Date): ReturnAnswer {
  const base = { kind: 'return_eligibility' as const, orderId };
  const order = findOrder(orderId, data);
  // Rule order matters: the strongest reason to refuse is the one we report.
  if (!order) {
    return { ...base, eligible: false, reason: 'unknown_order', deadline: null, text: notFound(orderId, data) };
  }
  if (order.finalSale) {
    const text = `Order ${orderId} was a final-sale purchase and cannot be returned.`;
    return { ...base, eligible: false, reason: 'final_sale', deadline: null, text };
  }
  if (order.status !== 'delivered' || order.deliveredAt === null) {
    const text = `Order ${orderId} has not been delivered (it is ${order.status}), so there is nothing to return yet.`;
    return { ...base, eligible: false, reason: 'not_delivered', deadline: null, text };
  }
  const deadline = addDays(order.deliveredAt, data.policy.returnWindowDays);
  const today = now.toISOString().slice(0, 10);
  // ISO dates compare correctly as strings; the deadline day itself is still inside the window.
  if (today <= deadline) {
    const text = `Yes: order ${orderId} can be returned until ${deadline}.`;
    return { ...base, eligible: true, reason: 'within_window', deadline, text };
  }
  const text = `Order ${orderId} can no longer be returned: the window closed on ${deadline}.`;
  return { ...base, eligible: false, reason: 'window_closed', deadline, text };
}

function convert(amount: number, from: string, to: string, data: Fixtures): ConversionAnswer {
  const base = { kind: 'convert_currency' as const, amount, from, to };
  const { rates } = data;
  const unsupported = [from, to].filter((code) => rates.rates[code] === undefined);
  const fromRate = rates.rates[from];
  const toRate = rates.rates[to];
  if (fromRate === undefined || toRate === undefined) {
    const known = Object.keys(rates.rates).sort().join(', ');
    const text = `I can't convert ${[...new Set(unsupported)].join(' or ')}: supported currencies are ${known}.`;
    return { ...base, result: null, text };
  }
  // Through the base currency: every rate is quoted against it.
  const result = Math.round((amount / fromRate) * toRate * 100) / 100;
  const text = `${amount} ${from} is ${result.toFixed(2)} ${to} (rates of ${rates.asOf}).`;
  return { ...base, result, text };
}

function passwordReset(data: Fixtures): PasswordResetAnswer {
  const url = data.policy.passwordResetUrl;
  return { kind: 'password_reset', url, text: `You can reset your password here: ${url}` };
}
