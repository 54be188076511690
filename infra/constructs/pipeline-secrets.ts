import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { AppName } from '../../shared/config/resource-names';

export interface PipelineSecretsProps {
  readonly stage: string;
  readonly alertWebhook: boolean;
  readonly retainData: boolean;
}

/**
 * `creator-pulse/<stage>/platform/` — collect-creator reads `<prefix><platform>/<accountId>` (one secret per
 * creator credential, shared/ports/platform-connector.ts `platformSecretName`) at runtime.
 */
export function platformSecretPrefix(stage: string): string {
  return `${AppName}/${stage}/platform/`;
}

/**
 * Secrets Manager secrets. Functions receive only ids (names, or the platform name prefix) in the environment
 * and read values at runtime. The author-hash HMAC key is generated here and never leaves AWS; the optional
 * webhook secret starts with a placeholder the operator replaces. Platform credentials are one secret per
 * creator under `platformPrefix`, created by the operator when adding the creator (docs/deploy.md): their
 * number and names are data, not infrastructure.
 */
export class PipelineSecrets extends Construct {
  readonly authorHashKey: Secret;
  readonly alertWebhook: Secret | undefined;
  readonly platformPrefix: string;

  constructor(scope: Construct, id: string, props: PipelineSecretsProps) {
    super(scope, id);
    const removalPolicy = props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    this.platformPrefix = platformSecretPrefix(props.stage);

    this.authorHashKey = new Secret(this, 'author-hash-key', {
      secretName: `${AppName}/${props.stage}/author-hash-key`,
      description: 'HMAC-SHA-256 key pseudonymising comment authors (never exported)',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy,
    });
    Validations.of(this.authorHashKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotating the author-hash key would change every pseudonym and break per-author joins across time; ' +
        'rotation is a deliberate, manual operation (docs/deploy.md).',
    });

    if (props.alertWebhook) {
      this.alertWebhook = new Secret(this, 'alert-webhook', {
        secretName: `${AppName}/${props.stage}/alert-webhook`,
        description: 'Webhook URL evaluate-alerts posts alerts to (e.g. Slack incoming webhook)',
        generateSecretString: {
          secretStringTemplate: JSON.stringify({ configured: false }),
          generateStringKey: 'placeholder',
        },
        removalPolicy,
      });
      Validations.of(this.alertWebhook).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'The webhook URL is issued by the receiving service (e.g. Slack) and cannot be rotated by AWS.',
      });
    } else {
      this.alertWebhook = undefined;
    }
  }
}
