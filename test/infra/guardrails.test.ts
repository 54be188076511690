import { beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { QUEUE_DEFINITIONS } from '../../shared/config/queue-definitions';
import { EnvVar, FunctionId } from '../../shared/config/resource-names';
import { EvaluateAlertsEnvSchema } from '../../shared/use-cases/alerts-wiring';
import { CollectCreatorEnvSchema, ScheduleCollectionEnvSchema } from '../../shared/use-cases/collect-wiring';
import { ProcessCommentsEnvSchema } from '../../shared/use-cases/comments-wiring';
import { DATASET_COLUMNS, type ExportDataset } from '../../shared/use-cases/export-datasets';
import { ExportBenchmarksEnvSchema } from '../../shared/use-cases/export-wiring';
import { ProcessMetricsEnvSchema } from '../../shared/use-cases/metrics-wiring';
import { type CfnTemplate, type SynthesizedPulseApp, synthPulseApp } from './synth-pulse-app';
import {
  bucketsMissingProtection,
  mappingsWithoutPartialBatchResponse,
  mappingsWithShortVisibility,
  queuesWithoutDeadLetterQueue,
  resourcePolicyWildcardAllows,
  type TemplateSet,
  tablesMissingProtection,
  wildcardGrants,
} from './template-guardrails';

let synthesized: SynthesizedPulseApp;
let set: TemplateSet;

beforeAll(() => {
  // Optional features on, so their resources (email subscriptions + delivery DLQ, webhook secret) are checked too.
  synthesized = synthPulseApp({ stage: 'guard', alertEmails: 'ops@example.com', alertWebhook: 'true' });
  set = { templates: [synthesized.stateful, synthesized.stateless] };
});

function resourcesOfType(template: CfnTemplate, type: string) {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

/** A deep copy to break on purpose: proves each check catches what it claims to. */
function mutated(mutate: (stateful: CfnTemplate, stateless: CfnTemplate) => void): TemplateSet {
  const stateful = structuredClone(synthesized.stateful);
  const stateless = structuredClone(synthesized.stateless);
  mutate(stateful, stateless);
  return { templates: [stateful, stateless] };
}

function propertiesOf(
  resource: { Properties?: Record<string, unknown> } | undefined,
): Record<string, unknown> {
  return resource?.Properties ?? {};
}

function firstOfType(template: CfnTemplate, type: string) {
  const found = resourcesOfType(template, type).find(([, resource]) => resource.Properties);
  if (!found) throw new Error(`no ${type}`);
  return found[1].Properties as Record<string, unknown>;
}

describe('synthesized stacks (with cdk-nag AwsSolutions + Serverless: synth throws on any finding)', () => {
  it('every queue has a DLQ with maxReceiveCount ≥ 5 unless it is itself a dead-letter destination', () => {
    expect(queuesWithoutDeadLetterQueue(set)).toEqual([]);
    const withRedrive = resourcesOfType(synthesized.stateful, 'AWS::SQS::Queue').filter(
      ([, queue]) => queue.Properties?.RedrivePolicy,
    );
    expect(withRedrive).toHaveLength(QUEUE_DEFINITIONS.length);
  });

  it('catches a queue that loses its DLQ', () => {
    const broken = mutated((stateful) => {
      delete firstOfType(stateful, 'AWS::SQS::Queue').RedrivePolicy;
      // the first queue is a DLQ in the current layout; strip every redrive to be layout-independent
      for (const [, queue] of resourcesOfType(stateful, 'AWS::SQS::Queue'))
        delete queue.Properties?.RedrivePolicy;
    });
    expect(queuesWithoutDeadLetterQueue(broken).length).toBeGreaterThan(0);
  });

  it('every event source mapping reports batch item failures, with visibility ≥ 6 × consumer timeout', () => {
    expect(resourcesOfType(synthesized.stateless, 'AWS::Lambda::EventSourceMapping')).toHaveLength(
      QUEUE_DEFINITIONS.length,
    );
    expect(mappingsWithoutPartialBatchResponse(set)).toEqual([]);
    expect(mappingsWithShortVisibility(set)).toEqual([]);
  });

  it('catches a mapping that loses ReportBatchItemFailures', () => {
    const broken = mutated((_stateful, stateless) => {
      delete firstOfType(stateless, 'AWS::Lambda::EventSourceMapping').FunctionResponseTypes;
    });
    expect(mappingsWithoutPartialBatchResponse(broken)).toHaveLength(1);
  });

  it('the collect mapping has a maximum concurrency derived from the platform budgets', () => {
    const concurrencies = resourcesOfType(synthesized.stateless, 'AWS::Lambda::EventSourceMapping').map(
      ([, mapping]) =>
        (mapping.Properties?.ScalingConfig as { MaximumConcurrency?: number } | undefined)
          ?.MaximumConcurrency,
    );
    expect(concurrencies.every((value) => typeof value === 'number' && value >= 2 && value <= 1000)).toBe(
      true,
    );
    // Defaults: YouTube 7/min → 1, Instagram 200/min → 4, TikTok 600/min → 10 workers at 1 s per request.
    expect(concurrencies).toContain(15);
  });

  it('every bucket is encrypted, blocks public access and has a TLS-only policy', () => {
    expect(resourcesOfType(synthesized.stateful, 'AWS::S3::Bucket')).toHaveLength(3);
    expect(bucketsMissingProtection(set)).toEqual([]);
  });

  it('catches a bucket that loses its TLS-only policy or its encryption', () => {
    const noPolicy = mutated((stateful) => {
      for (const [id, resource] of resourcesOfType(stateful, 'AWS::S3::BucketPolicy')) {
        if (resource.Properties) delete stateful.Resources[id];
      }
    });
    expect(bucketsMissingProtection(noPolicy).filter((v) => v.includes('TLS'))).toHaveLength(3);
    const noEncryption = mutated((stateful) => {
      delete firstOfType(stateful, 'AWS::S3::Bucket').BucketEncryption;
    });
    expect(bucketsMissingProtection(noEncryption).filter((v) => v.includes('encryption'))).toHaveLength(1);
  });

  it('the raw bucket expires comment pages after the configured retention', () => {
    const rules = resourcesOfType(synthesized.stateful, 'AWS::S3::Bucket').flatMap(
      ([, bucket]) =>
        (bucket.Properties?.LifecycleConfiguration as { Rules: Record<string, unknown>[] } | undefined)
          ?.Rules ?? [],
    );
    const comments = rules.find((rule) => rule.Id === 'expire-raw-comments');
    expect(comments).toMatchObject({
      Prefix: 'raw/kind=comments/',
      ExpirationInDays: synthesized.config.rawCommentRetentionDays,
      Status: 'Enabled',
    });
  });

  it('every table has PITR, SSE and on-demand billing', () => {
    expect(resourcesOfType(synthesized.stateful, 'AWS::DynamoDB::GlobalTable')).toHaveLength(3);
    expect(tablesMissingProtection(set)).toEqual([]);
  });

  it('catches a table that loses PITR', () => {
    const broken = mutated((stateful) => {
      const replicas = firstOfType(stateful, 'AWS::DynamoDB::GlobalTable').Replicas as Record<
        string,
        unknown
      >[];
      for (const replica of replicas) delete replica.PointInTimeRecoverySpecification;
    });
    expect(tablesMissingProtection(broken)).toHaveLength(1);
  });

  it('no identity policy grants wildcard actions or Resource "*"', () => {
    expect(wildcardGrants(set)).toEqual([]);
    expect(resourcePolicyWildcardAllows(set)).toEqual([]);
  });

  it('catches a policy granting * or service:*', () => {
    for (const action of ['*', 'dynamodb:*', 's3:Get*']) {
      const broken = mutated((_stateful, stateless) => {
        const document = firstOfType(stateless, 'AWS::IAM::Policy').PolicyDocument as {
          Statement: unknown[];
        };
        document.Statement.push({ Effect: 'Allow', Action: action, Resource: 'arn:aws:s3:::x' });
      });
      expect(wildcardGrants(broken)).toHaveLength(1);
    }
  });

  it('the only kms:* is the key policy delegating administration to the account (AWS default)', () => {
    const keys = resourcesOfType(synthesized.stateful, 'AWS::KMS::Key');
    expect(keys).toHaveLength(1);
    const keyPolicy = propertiesOf(keys[0]?.[1]).KeyPolicy as { Statement: Record<string, unknown>[] };
    const actionsOf = (statement: Record<string, unknown>) => [statement.Action].flat().map(String);
    const wildcard = keyPolicy.Statement.filter((statement) => actionsOf(statement).includes('kms:*'));
    expect(wildcard).toHaveLength(1);
    expect(JSON.stringify(wildcard[0]?.Principal)).toContain(':root');
    expect(keys[0]?.[1].Properties?.EnableKeyRotation).toBe(true);
  });

  it('functions: nodejs24.x on arm64, env names only from EnvVar, secrets passed as ids', () => {
    const allowed = new Set<string>([...Object.values(EnvVar), 'NODE_OPTIONS']);
    const functions = resourcesOfType(synthesized.stateless, 'AWS::Lambda::Function');
    expect(functions).toHaveLength(6);
    for (const [id, fn] of functions) {
      const p = fn.Properties as {
        Runtime: string;
        Architectures: string[];
        Environment: { Variables: Record<string, unknown> };
        LoggingConfig?: { LogGroup?: unknown };
      };
      expect(p.Runtime, id).toBe('nodejs24.x');
      expect(p.Architectures, id).toEqual(['arm64']);
      expect(p.LoggingConfig?.LogGroup, id).toBeDefined();
      for (const name of Object.keys(p.Environment.Variables))
        expect(allowed.has(name), `${id}: ${name}`).toBe(true);
      expect(p.Environment.Variables.NODE_OPTIONS).toBe('--enable-source-maps');
    }
    for (const [, group] of resourcesOfType(synthesized.stateless, 'AWS::Logs::LogGroup')) {
      expect(group.Properties?.RetentionInDays).toBeGreaterThan(0);
    }
  });

  it('Glue tables use partition projection on dt with an open-ended (NOW) range', () => {
    const tables = resourcesOfType(synthesized.stateful, 'AWS::Glue::Table');
    expect(
      tables.map(([, table]) => (propertiesOf(table).TableInput as { Name: string }).Name).sort(),
    ).toEqual(['benchmarks', 'creator_metrics', 'post_metrics']);
    for (const [, table] of tables) {
      const input = propertiesOf(table).TableInput as {
        Name: ExportDataset;
        StorageDescriptor: { Columns: { Name: string }[] };
        Parameters: Record<string, string>;
      };
      // Columns come from the exporter's contract, in order.
      expect(input.StorageDescriptor.Columns.map((column) => column.Name)).toEqual(
        DATASET_COLUMNS[input.Name].map((column) => column.name),
      );
      const parameters = input.Parameters;
      expect(parameters['projection.enabled']).toBe('true');
      expect(parameters['projection.dt.range']).toMatch(/,NOW$/);
      expect(JSON.stringify(parameters['storage.location.template'])).toContain(`dt=\${dt}/`);
    }
  });

  it('alarms exist for every DLQ, queue age, function errors/throttles, quota exhaustion and refused credentials', () => {
    const alarms = resourcesOfType(synthesized.stateless, 'AWS::CloudWatch::Alarm');
    // 4 DLQ depth + 4 oldest age + 2 extra DLQs + 6 × (errors, throttles) + 3 platforms × (quota, credential
    // errors, refreshed grants not persisted).
    expect(alarms).toHaveLength(4 + 4 + 2 + 12 + 3 + 6);
    for (const [, alarm] of alarms) expect(alarm.Properties?.AlarmActions).toHaveLength(1);
    const withMetric = (name: string) =>
      alarms.filter(([, alarm]) => JSON.stringify(alarm.Properties).includes(`"${name}"`));
    expect(withMetric('QuotaExhausted')).toHaveLength(3);
    for (const name of ['CredentialErrors', 'TokenRefreshesNotPersisted']) {
      const credential = withMetric(name);
      expect(credential).toHaveLength(3);
      for (const [, alarm] of credential) {
        expect(alarm.Properties?.Namespace).toBe('CreatorPulse');
        expect(alarm.Properties?.Dimensions).toContainEqual({ Name: 'service', Value: 'collect-creator' });
      }
    }
    // Low-cardinality dimensions only: resource names, service (function id) and platform — never ids.
    const dimensionNames = new Set(
      alarms.flatMap(([, alarm]) =>
        [...JSON.stringify(alarm.Properties).matchAll(/"Name":"([^"]+)"/g)].map((match) => match[1]),
      ),
    );
    expect([...dimensionNames].sort()).toEqual(['FunctionName', 'QueueName', 'platform', 'service']);
  });

  it('every function gets each environment variable its wiring requires (no drift from the pipeline)', () => {
    const schemas: Record<FunctionId, z.ZodObject> = {
      [FunctionId.scheduleCollection]: ScheduleCollectionEnvSchema,
      [FunctionId.collectCreator]: CollectCreatorEnvSchema,
      [FunctionId.processMetrics]: ProcessMetricsEnvSchema,
      [FunctionId.processComments]: ProcessCommentsEnvSchema,
      [FunctionId.evaluateAlerts]: EvaluateAlertsEnvSchema,
      [FunctionId.exportBenchmarks]: ExportBenchmarksEnvSchema,
    };
    const functions = resourcesOfType(synthesized.stateless, 'AWS::Lambda::Function');
    for (const [functionId, schema] of Object.entries(schemas)) {
      const fn = functions.find(
        ([, resource]) =>
          (propertiesOf(resource).Environment as { Variables: Record<string, unknown> }).Variables[
            EnvVar.serviceName
          ] === functionId,
      );
      expect(fn, functionId).toBeDefined();
      const variables = (propertiesOf(fn?.[1]).Environment as { Variables: Record<string, unknown> })
        .Variables;
      const required = Object.entries(schema.shape)
        .filter(([, field]) => !(field as z.ZodType).safeParse(undefined).success)
        .map(([name]) => name);
      for (const name of required)
        expect(Object.keys(variables), `${functionId} needs ${name}`).toContain(name);
    }
  });
});
