export * from './alert-evaluation';
export * from './collect-job';
export * from './comments-batch';
export * from './metrics-batch';
export * from './pack-messages';
export * from './parse-message';
