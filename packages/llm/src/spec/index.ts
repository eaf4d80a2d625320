export type * from './messages.ts';
export type * from './usage.ts';
export type * from './chat.ts';
export type * from './embedding.ts';
export { ProviderError, isProviderError, type ProviderErrorKind } from './errors.ts';
