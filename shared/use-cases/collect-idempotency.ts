import type { JSONValue } from '@aws-lambda-powertools/commons/types';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { Context } from 'aws-lambda';
import { FunctionId } from '../config/resource-names';
import { type CollectJob, collectJobKey } from '../messages/collect-job';

/**
 * At most one collection per CollectJob natural key (creator + scheduled slot), with Powertools idempotency.
 *
 * Why: the collect queue delivers at least once. A duplicate delivery, or the redelivery of a whole batch after
 * another record of it failed, would run the creator's collection again: harmless for the data (consumers dedupe
 * by comment id / snapshot instant) but it spends platform quota, the scarce resource.
 *
 * - Key: `collectJobKey(job)`, not the SQS message id, so a job the scheduler sent twice is also caught.
 *   Stored as `collect-creator#md5(key)` (explicit prefix: the same on AWS, in `pulse run` and in tests).
 * - Every outcome the use case RETURNS is remembered (collected, deferred_quota, auth_error, skipped_not_active,
 *   creator_missing): each already did what the job can do in that slot. A deferred job retried before the
 *   quota reset would only defer again, and after an auth error the creator is no longer active; the creator's
 *   next slot is a new key and collects normally. Only a THROWN error leaves the job retryable: Powertools
 *   deletes the in-progress record, and SQS redelivers the record.
 * - In progress elsewhere (a concurrent duplicate): `IdempotencyAlreadyInProgressError` fails only that record;
 *   it is redelivered after the visibility timeout, by when the first run has finished and the replay returns
 *   its result. The Lambda context is registered per invocation, so the in-progress lock of a crashed or timed-out
 *   invocation expires with that invocation's deadline instead of after the full expiry: the redelivery then runs
 *   the job instead of failing until `maxReceiveCount` and landing in the DLQ.
 */

/**
 * Completed records live 6 hours. Longer than the collect queue's retry horizon (visibility 720 s × 5 receives
 * = 1 h, plus up to 15 min of spread delay and some backlog under the concurrency cap), so every redelivery of a
 * job finds its record; shorter than a day, so an operator who redrives the DLQ the next day gets a real
 * collection, and the table stays small (records expire by Powertools' own check; DynamoDB TTL deletes later).
 */
export const COLLECT_IDEMPOTENCY_EXPIRY_SECONDS = 6 * 60 * 60;

/** The key prefix of this function's records in the (per-stage) idempotency table. */
export const COLLECT_IDEMPOTENCY_KEY_PREFIX = FunctionId.collectCreator;

export type CollectJobRunner<R> = (job: CollectJob) => Promise<R>;

export interface IdempotentCollectOptions {
  readonly persistence: BasePersistenceLayer;
  /**
   * Called when a job's stored result is returned instead of running it (a duplicate delivery). `stored` is
   * what the first run returned, read back from the table: untyped here, the caller validates what it uses.
   */
  readonly onReplay?: (job: CollectJob, stored: unknown) => void;
}

/**
 * Wraps the job runner for ONE invocation. Each job gets a fresh IdempotencyConfig holding this invocation's
 * context (so two invocations running at once in one process, as in the local runner, never share a deadline)
 * and its own job for the replay hook (records of a batch run in parallel).
 */
export function idempotentCollectRunner<R>(
  run: CollectJobRunner<R>,
  context: Context,
  options: IdempotentCollectOptions,
): CollectJobRunner<R> {
  return async (job) => {
    const config = new IdempotencyConfig({
      expiresAfterSeconds: COLLECT_IDEMPOTENCY_EXPIRY_SECONDS,
      // Called only when a COMPLETED record is replayed, never for a fresh run.
      responseHook: (response) => {
        options.onReplay?.(job, response);
        return response;
      },
    });
    config.registerLambdaContext(context);
    // The natural key is the hashed argument (index 0); the job rides along as the second argument. The result
    // is stored as JSON (a few hundred bytes, far under the 400 KB item limit).
    const idempotent = makeIdempotent(
      (_key: string, current: CollectJob) => run(current) as Promise<JSONValue>,
      {
        persistenceStore: options.persistence,
        config,
        keyPrefix: COLLECT_IDEMPOTENCY_KEY_PREFIX,
        dataIndexArgument: 0,
      },
    );
    return (await idempotent(collectJobKey(job), job)) as R;
  };
}

/** Powertools' error for a key whose record is INPROGRESS and not yet past its in-progress expiry. */
export function isAlreadyInProgress(error: unknown): boolean {
  // By name: class identity can be lost across bundled copies of the package (powertools-lambda-typescript#2517).
  return error instanceof Error && error.name === 'IdempotencyAlreadyInProgressError';
}
