import { EnvVar } from '../../../../shared/config/resource-names';

/** A complete collect-creator environment for wiring tests (no endpoint is ever called). */
export const COLLECT_CREATOR_ENV = {
  [EnvVar.creatorsTable]: 'creators',
  [EnvVar.dataTable]: 'data',
  [EnvVar.metricsQueueUrl]: 'http://127.0.0.1:1/000000000000/metrics',
  [EnvVar.commentsQueueUrl]: 'http://127.0.0.1:1/000000000000/comments',
  [EnvVar.collectQueueUrl]: 'http://127.0.0.1:1/000000000000/collect',
  [EnvVar.rawBucket]: 'raw',
  [EnvVar.authorHashSecretId]: 'pulse/author-hash',
  [EnvVar.idempotencyTable]: 'idempotency',
};
