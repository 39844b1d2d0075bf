/**
 * Public entry of `@enclave/server` (for benchmarks and tools): build a context and an app,
 * the message guard hook types, and the domain event types.
 */
export { buildApp, BODY_LIMIT, CSP } from './app.ts';
export { buildContext, type AppContext, type ContextOverrides, type Limits } from './context.ts';
export { loadConfig, type Config } from './config/index.ts';
export { AppError } from './errors.ts';
export { passThroughGuard, type MessageGuard, type MessageEntity, type GuardInput } from './services/chat/guard.ts';
export type { DomainEvent, StreamEvent, StreamEventType } from './events.ts';
export type { MessageJson } from './presenters/message.ts';
export type { ChannelJson } from './presenters/channel.ts';
