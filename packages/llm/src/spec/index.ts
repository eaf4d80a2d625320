export type * from './chat.ts';
export type * from './embedding.ts';
export { isProviderError, ProviderError, type ProviderErrorKind } from './errors.ts';
export type * from './messages.ts';
export type * from './usage.ts';
