import { fileURLToPath } from 'node:url';
import { type Duration, RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { FunctionId } from '../../shared/config/resource-names';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * esbuild emits ESM; some CommonJS dependencies still call `require` (Powertools, middy plugins, SDK
 * internals), which ESM lacks — the banner recreates it.
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __pulseCreateRequire } from 'node:module'; const require = __pulseCreateRequire(import.meta.url);";

export interface PipelineFunctionProps {
  readonly functionId: FunctionId;
  readonly description: string;
  readonly memoryMb: number;
  readonly timeout: Duration;
  readonly environment: Record<string, string>;
  readonly logRetention: RetentionDays;
  /** Asynchronous (scheduled) invocations that fail every retry land here. */
  readonly asyncDeadLetterQueue?: IQueue;
}

/**
 * One Lambda function from `functions/<id>/handler.ts`: one bundle, ESM, minified, source maps, arm64,
 * Node.js 24, its own log group with retention, and its own role with no managed policies (its only
 * permissions are the log-group write below plus what PipelineFunctions adds).
 */
export class PipelineFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: PipelineFunctionProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'logs', {
      retention: props.logRetention,
      // Logs are operational, not the product: deleting the stack may delete them.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new Role(this, 'role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Creator Pulse ${props.functionId}`,
    });
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );

    this.function = new NodejsFunction(this, 'function', {
      entry: `${repoRoot}functions/${props.functionId}/handler.ts`,
      handler: 'handler',
      projectRoot: repoRoot,
      depsLockFilePath: `${repoRoot}package-lock.json`,
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memoryMb,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      environment: { ...props.environment, NODE_OPTIONS: '--enable-source-maps' },
      // Async (scheduled) invocations: two retries, then the failed event with its error goes to the DLQ.
      onFailure: props.asyncDeadLetterQueue ? new SqsDestination(props.asyncDeadLetterQueue) : undefined,
      retryAttempts: props.asyncDeadLetterQueue ? 2 : undefined,
      bundling: {
        format: OutputFormat.ESM,
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        minify: true,
        sourceMap: true,
        sourceMapMode: SourceMapMode.EXTERNAL,
        // Stack traces need names and lines, not the original sources: keeps the zip small.
        sourcesContent: false,
        target: 'node24',
        // Bundle the AWS SDK v3 at the versions pinned in package-lock.json instead of the runtime's copy,
        // which AWS updates without notice; Powertools and lib-dynamodb are tested against these versions.
        bundleAwsSDK: true,
        externalModules: [],
        tsconfig: `${repoRoot}tsconfig.json`,
        forceDockerBundling: false,
      },
    });
  }
}
