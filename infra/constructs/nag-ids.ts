import { type CfnElement, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * The logical id CloudFormation will use for a construct's default resource. cdk-nag renders same-stack
 * `Fn::GetAtt` references as `<LogicalId.Attr>` in finding ids, so scoped acknowledgements need it.
 */
export function logicalIdOf(construct: IConstruct): string {
  const element = construct.node.defaultChild as CfnElement | undefined;
  if (!element) throw new Error(`${construct.node.path} has no default CloudFormation resource`);
  return Stack.of(element).resolve(element.logicalId) as string;
}

/** Finding id of AwsSolutions-IAM5 for a wildcard resource, e.g. `<bucket.Arn>/raw/*`. */
export function wildcardResourceFinding(resource: string): string {
  return `AwsSolutions-IAM5[Resource::${resource}]`;
}
