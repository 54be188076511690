export * from './alert-evaluation';
export * from './collect-job';
export * from './comments-batch';
export * from './dead-letter';
export * from './metrics-batch';
export * from './pack-messages';
export * from './parse-message';
export * from './sqs-body';
