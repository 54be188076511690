/**
 * Guardrail checks over synthesized CloudFormation templates. Each returns a list of violations (empty = ok)
 * so the tests can show both that the real templates pass and that a broken template is caught.
 * Cross-stack references (`Fn::ImportValue`) are resolved through the exporting stack's Outputs.
 */
import type { CfnResource, CfnTemplate } from './synth-pulse-app';

type Json = unknown;

export interface TemplateSet {
  readonly templates: readonly CfnTemplate[];
}

function allResources(set: TemplateSet): [string, CfnResource][] {
  return set.templates.flatMap((template) => Object.entries(template.Resources));
}

function exportsByName(set: TemplateSet): Map<string, Json> {
  const map = new Map<string, Json>();
  for (const template of set.templates) {
    for (const output of Object.values(template.Outputs ?? {})) {
      if (output.Export) map.set(output.Export.Name, output.Value);
    }
  }
  return map;
}

/** Logical id a value points at (`Ref`, `Fn::GetAtt`, or an import of either), if any. */
export function referencedLogicalId(value: Json, set: TemplateSet): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, Json>;
  if (typeof record.Ref === 'string') return record.Ref;
  const getAtt = record['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  const imported = record['Fn::ImportValue'];
  if (typeof imported === 'string') return referencedLogicalId(exportsByName(set).get(imported), set);
  return undefined;
}

function props(resource: CfnResource): Record<string, Json> {
  return resource.Properties ?? {};
}

/** Every logical id used as a dead-letter destination anywhere (queue redrive, SNS, Scheduler, Lambda). */
function deadLetterTargets(set: TemplateSet): Set<string> {
  const targets = new Set<string>();
  const add = (value: Json) => {
    const id = referencedLogicalId(value, set);
    if (id) targets.add(id);
  };
  for (const [, resource] of allResources(set)) {
    const p = props(resource) as Record<string, Record<string, Json> | undefined>;
    if (resource.Type === 'AWS::SQS::Queue') add(p.RedrivePolicy?.deadLetterTargetArn);
    if (resource.Type === 'AWS::SNS::Subscription') add(p.RedrivePolicy?.deadLetterTargetArn);
    if (resource.Type === 'AWS::Scheduler::Schedule') {
      add((p.Target as Record<string, Record<string, Json>> | undefined)?.DeadLetterConfig?.Arn);
    }
    if (resource.Type === 'AWS::Lambda::EventInvokeConfig') {
      add((p.DestinationConfig as Record<string, Record<string, Json>> | undefined)?.OnFailure?.Destination);
    }
  }
  return targets;
}

/** Each queue redrives to a DLQ after ≥ 5 receives, unless it is itself a dead-letter destination. */
export function queuesWithoutDeadLetterQueue(set: TemplateSet): string[] {
  const targets = deadLetterTargets(set);
  const violations: string[] = [];
  for (const [id, resource] of allResources(set)) {
    if (resource.Type !== 'AWS::SQS::Queue' || targets.has(id)) continue;
    const redrive = props(resource).RedrivePolicy as
      | { deadLetterTargetArn?: Json; maxReceiveCount?: number }
      | undefined;
    if (!redrive?.deadLetterTargetArn) violations.push(`${id}: no RedrivePolicy`);
    else if ((redrive.maxReceiveCount ?? 0) < 5) violations.push(`${id}: maxReceiveCount < 5`);
  }
  return violations;
}

export function mappingsWithoutPartialBatchResponse(set: TemplateSet): string[] {
  return allResources(set)
    .filter(([, resource]) => resource.Type === 'AWS::Lambda::EventSourceMapping')
    .filter(([, resource]) => {
      const types = props(resource).FunctionResponseTypes;
      return !Array.isArray(types) || !types.includes('ReportBatchItemFailures');
    })
    .map(([id]) => `${id}: no ReportBatchItemFailures`);
}

/** Visibility timeout of each mapped queue ≥ 6 × the consuming function's timeout. */
export function mappingsWithShortVisibility(set: TemplateSet): string[] {
  const resources = new Map(allResources(set));
  const violations: string[] = [];
  for (const [id, resource] of resources) {
    if (resource.Type !== 'AWS::Lambda::EventSourceMapping') continue;
    const queueId = referencedLogicalId(props(resource).EventSourceArn, set);
    const functionId = referencedLogicalId(props(resource).FunctionName, set);
    const queue = queueId ? resources.get(queueId) : undefined;
    const fn = functionId ? resources.get(functionId) : undefined;
    if (!queue || !fn) {
      violations.push(`${id}: cannot resolve queue or function`);
      continue;
    }
    const visibility = Number(props(queue).VisibilityTimeout ?? 30);
    const timeout = Number(props(fn).Timeout ?? 3);
    if (visibility < 6 * timeout) violations.push(`${id}: visibility ${visibility}s < 6 × ${timeout}s`);
  }
  return violations;
}

function bucketPolicyDeniesInsecureTransport(set: TemplateSet, bucketId: string): boolean {
  return allResources(set).some(([, resource]) => {
    if (resource.Type !== 'AWS::S3::BucketPolicy') return false;
    if (referencedLogicalId(props(resource).Bucket, set) !== bucketId) return false;
    const statements = (props(resource).PolicyDocument as { Statement: Record<string, Json>[] }).Statement;
    return statements.some(
      (statement) =>
        statement.Effect === 'Deny' &&
        JSON.stringify(statement.Condition) === JSON.stringify({ Bool: { 'aws:SecureTransport': 'false' } }),
    );
  });
}

/** Every bucket: encryption, all four public-access blocks, and a TLS-only bucket policy. */
export function bucketsMissingProtection(set: TemplateSet): string[] {
  const violations: string[] = [];
  for (const [id, resource] of allResources(set)) {
    if (resource.Type !== 'AWS::S3::Bucket') continue;
    const p = props(resource) as Record<string, Record<string, Json> | undefined>;
    const encryption = p.BucketEncryption?.ServerSideEncryptionConfiguration;
    if (!Array.isArray(encryption) || encryption.length === 0) violations.push(`${id}: no encryption`);
    const block = p.PublicAccessBlockConfiguration ?? {};
    const allBlocked = [
      'BlockPublicAcls',
      'BlockPublicPolicy',
      'IgnorePublicAcls',
      'RestrictPublicBuckets',
    ].every((key) => block[key] === true);
    if (!allBlocked) violations.push(`${id}: public access not fully blocked`);
    if (!bucketPolicyDeniesInsecureTransport(set, id)) violations.push(`${id}: no TLS-only policy`);
  }
  return violations;
}

/** Every table (TableV2 → AWS::DynamoDB::GlobalTable): PITR on every replica and SSE enabled. */
export function tablesMissingProtection(set: TemplateSet): string[] {
  const violations: string[] = [];
  for (const [id, resource] of allResources(set)) {
    if (resource.Type === 'AWS::DynamoDB::GlobalTable') {
      const p = props(resource) as {
        Replicas?: { PointInTimeRecoverySpecification?: { PointInTimeRecoveryEnabled?: boolean } }[];
        SSESpecification?: { SSEEnabled?: boolean };
        BillingMode?: string;
      };
      const replicas = p.Replicas ?? [];
      if (
        replicas.length === 0 ||
        !replicas.every((r) => r.PointInTimeRecoverySpecification?.PointInTimeRecoveryEnabled)
      ) {
        violations.push(`${id}: PITR off`);
      }
      if (p.SSESpecification?.SSEEnabled !== true) violations.push(`${id}: SSE not enabled`);
      if (p.BillingMode !== 'PAY_PER_REQUEST') violations.push(`${id}: not on-demand`);
    } else if (resource.Type === 'AWS::DynamoDB::Table') {
      const p = props(resource) as {
        PointInTimeRecoverySpecification?: { PointInTimeRecoveryEnabled?: boolean };
        SSESpecification?: { SSEEnabled?: boolean };
      };
      if (!p.PointInTimeRecoverySpecification?.PointInTimeRecoveryEnabled) violations.push(`${id}: PITR off`);
      if (p.SSESpecification?.SSEEnabled !== true) violations.push(`${id}: SSE not enabled`);
    }
  }
  return violations;
}

type Statement = { Effect?: string; Action?: string | string[]; Resource?: Json };

/** Identity policies: AWS::IAM::Policy, AWS::IAM::ManagedPolicy and inline policies of AWS::IAM::Role. */
function identityPolicyStatements(set: TemplateSet): [string, Statement][] {
  const statements: [string, Statement][] = [];
  const collect = (owner: string, document: Json) => {
    const list = (document as { Statement?: Statement[] } | undefined)?.Statement ?? [];
    for (const statement of list) statements.push([owner, statement]);
  };
  for (const [id, resource] of allResources(set)) {
    const p = props(resource);
    if (resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy')
      collect(id, p.PolicyDocument);
    if (resource.Type === 'AWS::IAM::Role') {
      for (const inline of (p.Policies as { PolicyDocument: Json }[] | undefined) ?? [])
        collect(id, inline.PolicyDocument);
    }
  }
  return statements;
}

/** No identity policy allows `*`, `service:*` (or any wildcard action) or `Resource: "*"`. */
export function wildcardGrants(set: TemplateSet): string[] {
  const violations: string[] = [];
  for (const [owner, statement] of identityPolicyStatements(set)) {
    if (statement.Effect !== 'Allow') continue;
    const actions = Array.isArray(statement.Action) ? statement.Action : [statement.Action ?? ''];
    for (const action of actions) {
      if (action.includes('*')) violations.push(`${owner}: wildcard action ${action}`);
    }
    const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
    if (resources.includes('*')) violations.push(`${owner}: Resource "*" for ${actions.join(',')}`);
  }
  return violations;
}

/** Resource-based policies (buckets, queues, topics, key) never allow `*` actions to anyone. */
export function resourcePolicyWildcardAllows(set: TemplateSet): string[] {
  const violations: string[] = [];
  const documentKeys: Record<string, string> = {
    'AWS::S3::BucketPolicy': 'PolicyDocument',
    'AWS::SQS::QueuePolicy': 'PolicyDocument',
    'AWS::SNS::TopicPolicy': 'PolicyDocument',
  };
  for (const [id, resource] of allResources(set)) {
    const key = documentKeys[resource.Type];
    if (!key) continue;
    const statements = (props(resource)[key] as { Statement: Statement[] }).Statement;
    for (const statement of statements) {
      const actions = Array.isArray(statement.Action) ? statement.Action : [statement.Action ?? ''];
      if (statement.Effect === 'Allow' && actions.some((action) => action === '*' || action.endsWith(':*'))) {
        violations.push(`${id}: allows ${actions.join(',')}`);
      }
    }
  }
  return violations;
}
