export * from './memory-messaging';
export * from './memory-stores';
