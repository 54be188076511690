import { QueueId } from '../config/resource-names';
import type { Creator } from '../domain/creator';
import { creatorKey, PLATFORMS, type Platform } from '../domain/platform';
import type { CollectJob } from '../messages/collect-job';
import type { CreatorRegistry } from '../ports/creator-registry';
import type { MessagePublisher, OutgoingMessage } from '../ports/message-publisher';
import { platformSecretName } from '../ports/platform-connector';
import type { CollectLogger, CollectMetrics } from './collect-observability';
import type { QuotaProbe } from './collect-quota';
import { currentSlot, hashUint32, slotOfCreator, spreadDelays } from './collect-slots';

/**
 * schedule-collection (EventBridge, every 15 minutes): emits one CollectJob per creator whose hourly slot is the
 * current quarter, spread over the quarter with SQS delays, skipping credentials whose quota is spent.
 */

export interface ScheduleCollectionConfig {
  /** Jobs of one quarter are spread over this many seconds with DelaySeconds (default 840; local runner: 0). */
  readonly spreadSeconds: number;
}

export const DEFAULT_SCHEDULE_COLLECTION_CONFIG: ScheduleCollectionConfig = { spreadSeconds: 840 };

export interface ScheduleCollectionDeps {
  /**
   * `listCreatorsByStatus` is optional: when the registry offers it, creators in `auth_error` are reported
   * (they need a new token) even though they are not polled.
   */
  readonly registry: Pick<CreatorRegistry, 'listActiveCreators'> & {
    listCreatorsByStatus?: (status: Creator['status']) => Promise<Creator[]>;
  };
  readonly publisher: MessagePublisher;
  readonly quota: QuotaProbe;
  readonly clock: () => Date;
  readonly logger: CollectLogger;
  readonly metrics?: CollectMetrics;
  readonly config?: Partial<ScheduleCollectionConfig>;
}

export interface DeferredCreator {
  readonly creatorKey: string;
  /** When the credential's budget is back (the first schedule of this creator's slot after it collects it). */
  readonly until: string;
}

export interface SkippedCreator {
  readonly creatorKey: string;
  readonly status: Creator['status'];
}

export interface ScheduleCollectionResult {
  readonly now: string;
  /** Start of the current quarter: the `scheduledSlot` of every job emitted. */
  readonly slot: string;
  readonly slotIndex: number;
  readonly activeCreators: number;
  /** Creators whose slot is the current quarter. */
  readonly dueCreators: number;
  readonly emitted: Readonly<Record<Platform, number>>;
  readonly deferred: Readonly<Record<Platform, number>>;
  readonly deferredCreators: readonly DeferredCreator[];
  readonly skipped: readonly SkippedCreator[];
}

function zeroByPlatform(): Record<Platform, number> {
  return Object.fromEntries(PLATFORMS.map((platform) => [platform, 0])) as Record<Platform, number>;
}

export async function scheduleCollection(deps: ScheduleCollectionDeps): Promise<ScheduleCollectionResult> {
  const config = { ...DEFAULT_SCHEDULE_COLLECTION_CONFIG, ...deps.config };
  const now = deps.clock();
  const slot = currentSlot(now);
  const listed = await deps.registry.listActiveCreators();

  const skipped: SkippedCreator[] = [];
  const active: Creator[] = [];
  for (const creator of listed) {
    // The index should hold only `active` creators; a stale entry must still not be polled.
    if (creator.status === 'active') active.push(creator);
    else
      skipped.push({ creatorKey: creatorKey(creator.platform, creator.accountId), status: creator.status });
  }
  if (deps.registry.listCreatorsByStatus) {
    const known = new Set(skipped.map((entry) => entry.creatorKey));
    for (const creator of await deps.registry.listCreatorsByStatus('auth_error')) {
      const key = creatorKey(creator.platform, creator.accountId);
      if (!known.has(key)) skipped.push({ creatorKey: key, status: creator.status });
    }
  }

  const due = active
    .map((creator) => ({ creator, key: creatorKey(creator.platform, creator.accountId) }))
    .filter(({ key }) => slotOfCreator(key) === slot.index)
    // Deterministic but platform-mixed order, so the delays interleave platforms instead of bunching one.
    .sort(
      (a, b) => hashUint32(`order:${a.key}`) - hashUint32(`order:${b.key}`) || a.key.localeCompare(b.key),
    );

  const emitted = zeroByPlatform();
  const deferred = zeroByPlatform();
  const deferredCreators: DeferredCreator[] = [];
  const jobs: CollectJob[] = [];
  const blockedCache = new Map<string, number | undefined>();
  for (const { creator, key } of due) {
    const credentialKey = platformSecretName(creator.platform, creator.accountId);
    const cacheKey = `${creator.platform}#${credentialKey}`;
    if (!blockedCache.has(cacheKey)) {
      blockedCache.set(
        cacheKey,
        await deps.quota.blockedUntil(creator.platform, credentialKey, now.getTime()),
      );
    }
    const blockedUntil = blockedCache.get(cacheKey);
    if (blockedUntil !== undefined && blockedUntil > now.getTime()) {
      deferred[creator.platform] += 1;
      deferredCreators.push({ creatorKey: key, until: new Date(blockedUntil).toISOString() });
      continue;
    }
    jobs.push({
      v: 1,
      type: 'collect-job',
      creatorKey: key,
      platform: creator.platform,
      accountId: creator.accountId,
      scheduledSlot: slot.startsAt,
      reason: 'scheduled',
    });
    emitted[creator.platform] += 1;
  }

  const delays = spreadDelays(jobs.length, config.spreadSeconds);
  const messages: OutgoingMessage[] = jobs.map((job, i) => ({
    body: job,
    ...(delays[i] ? { delaySeconds: delays[i] } : {}),
  }));
  if (messages.length > 0) await deps.publisher.publish(QueueId.collect, messages);

  for (const platform of PLATFORMS) {
    deps.metrics?.count('CollectJobsEmitted', platform, emitted[platform]);
    deps.metrics?.count('CollectJobsDeferred', platform, deferred[platform]);
  }
  for (const entry of skipped) {
    deps.metrics?.count('CollectJobsSkipped', entry.creatorKey.split('#')[0] as Platform, 1);
  }

  const result: ScheduleCollectionResult = {
    now: now.toISOString(),
    slot: slot.startsAt,
    slotIndex: slot.index,
    activeCreators: active.length,
    dueCreators: due.length,
    emitted,
    deferred,
    deferredCreators,
    skipped,
  };
  deps.logger.info('collection scheduled', { ...result });
  if (skipped.some((entry) => entry.status === 'auth_error')) {
    deps.logger.warn('creators need a new platform token (status auth_error)', {
      creatorKeys: skipped.filter((entry) => entry.status === 'auth_error').map((entry) => entry.creatorKey),
    });
  }
  return result;
}

/** The Lambda-shaped entry: the EventBridge event carries nothing we need (time comes from the injected clock). */
export function createScheduleCollectionHandler(
  deps: ScheduleCollectionDeps,
): (event?: unknown) => Promise<ScheduleCollectionResult> {
  return async () => scheduleCollection(deps);
}
