import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { ManagedPolicy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type LifecycleRule,
  ObjectOwnership,
  StorageClass,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  type BucketDefinition,
  EXPORTS_BUCKET,
  type LifecycleRuleDefinition,
  RAW_BUCKET,
} from '../../shared/config/bucket-layout';
import type { BucketId } from '../../shared/config/resource-names';
import { logicalIdOf, wildcardResourceFinding } from './nag-ids';

/** Athena writes query results here (exports bucket, outside the `exports/` data prefix). */
export const ATHENA_RESULTS_PREFIX = 'athena-results/';

export interface StorageBucketsProps {
  readonly retainData: boolean;
  readonly rawCommentRetentionDays: number;
}

/**
 * S3 buckets: raw zone, exports zone and the server access log bucket both write to. All three block public
 * access, deny non-TLS requests, encrypt with SSE-S3 and abort stale multipart uploads.
 */
export class StorageBuckets extends Construct {
  readonly raw: Bucket;
  readonly exports: Bucket;
  readonly accessLogs: Bucket;
  private readonly writerPolicies = new Map<string, ManagedPolicy>();

  constructor(scope: Construct, id: string, props: StorageBucketsProps) {
    super(scope, id);
    const removalPolicy = props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const common = {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      removalPolicy,
    } as const;

    this.accessLogs = new Bucket(this, 'access-logs', {
      ...common,
      // Log delivery is granted by bucket policy (cdk.json flag serverAccessLogsUseBucketPolicy), so ACLs stay off.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(365) }],
    });
    // No AwsSolutions-S1 finding here: cdk-nag exempts a bucket whose policy admits S3 log delivery.

    this.raw = new Bucket(this, `${RAW_BUCKET.id}-bucket`, {
      ...common,
      // Raw pages are written once under unique keys and expire by lifecycle; versions would only keep PII longer.
      versioned: false,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: `${RAW_BUCKET.id}/`,
      lifecycleRules: lifecycleRules(RAW_BUCKET, props.rawCommentRetentionDays),
    });

    this.exports = new Bucket(this, `${EXPORTS_BUCKET.id}-bucket`, {
      ...common,
      // Snapshots are the product: versioning protects them from an overwrite or delete by a faulty export.
      versioned: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: `${EXPORTS_BUCKET.id}/`,
      lifecycleRules: [
        ...lifecycleRules(EXPORTS_BUCKET, props.rawCommentRetentionDays),
        { id: 'expire-old-versions', noncurrentVersionExpiration: Duration.days(30) },
        { id: 'expire-athena-results', prefix: ATHENA_RESULTS_PREFIX, expiration: Duration.days(30) },
      ],
    });
  }

  bucket(bucketId: BucketId): Bucket {
    return bucketId === 'raw' ? this.raw : this.exports;
  }

  /**
   * A customer managed policy allowing `s3:PutObject` (and `s3:AbortMultipartUpload` for multipart writers)
   * under one key prefix — narrower than `grantWrite`/`grantPut`, which add `s3:Abort*`, `DeleteObject*`, ….
   * It lives next to the bucket so the wildcard acknowledgement can name the bucket's logical id.
   */
  objectWriterPolicy(bucketId: BucketId, prefix: string, multipart: boolean): ManagedPolicy {
    const key = `${bucketId}:${prefix}:${multipart}`;
    const existing = this.writerPolicies.get(key);
    if (existing) return existing;
    const bucket = this.bucket(bucketId);
    const policyId = `${bucketId}-${prefix.replaceAll(/[^a-z0-9]/gi, '')}-writer${multipart ? '-multipart' : ''}`;
    const policy = new ManagedPolicy(this, policyId, {
      description: `Write objects under ${prefix} in the ${bucketId} bucket`,
      statements: [
        new PolicyStatement({
          actions: multipart ? ['s3:PutObject', 's3:AbortMultipartUpload'] : ['s3:PutObject'],
          resources: [bucket.arnForObjects(`${prefix}*`)],
        }),
      ],
    });
    Validations.of(policy).acknowledge({
      id: wildcardResourceFinding(`<${logicalIdOf(bucket)}.Arn>/${prefix}*`),
      reason: `Object keys are generated per page/snapshot (shared/config/bucket-layout.ts); the grant is limited to PutObject under ${prefix}.`,
    });
    this.writerPolicies.set(key, policy);
    return policy;
  }
}

function lifecycleRules(definition: BucketDefinition, rawCommentRetentionDays: number): LifecycleRule[] {
  const rules: LifecycleRule[] = definition.lifecycleRules.map((rule: LifecycleRuleDefinition) => {
    const expireAfterDays =
      rule.expireAfterDays === 'rawCommentRetention' ? rawCommentRetentionDays : rule.expireAfterDays;
    return {
      id: rule.id,
      prefix: rule.prefix,
      expiration: Duration.days(expireAfterDays),
      transitions:
        rule.transitionToInfrequentAfterDays !== undefined &&
        rule.transitionToInfrequentAfterDays < expireAfterDays
          ? [
              {
                storageClass: StorageClass.GLACIER_INSTANT_RETRIEVAL,
                transitionAfter: Duration.days(rule.transitionToInfrequentAfterDays),
              },
            ]
          : undefined,
    };
  });
  rules.push({ id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) });
  return rules;
}
