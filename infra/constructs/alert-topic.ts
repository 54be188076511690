import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DEAD_LETTER_QUEUE_HAS_NO_REDRIVE } from './work-queues';

export interface AlertTopicProps {
  readonly alertEmails: readonly string[];
  readonly retainData: boolean;
}

/**
 * The SNS topic alerts and alarms go to: encrypted with a customer managed key (CloudWatch alarms cannot
 * publish to a topic encrypted with the AWS managed `aws/sns` key), TLS-only, optional email subscribers,
 * and a dead-letter queue for deliveries SNS gives up on.
 */
export class AlertTopic extends Construct {
  readonly topic: Topic;
  readonly key: Key;
  /** Present when there are email subscribers. */
  readonly deliveryDeadLetterQueue: Queue | undefined;

  constructor(scope: Construct, id: string, props: AlertTopicProps) {
    super(scope, id);
    this.key = new Key(this, 'key', {
      description: 'Creator Pulse alert topic encryption',
      enableKeyRotation: true,
      removalPolicy: props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    // CloudWatch alarm actions publish as the service principal: it must be able to use the key.
    this.key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );

    this.topic = new Topic(this, 'topic', {
      displayName: 'Creator Pulse alerts',
      masterKey: this.key,
      enforceSSL: true,
    });

    this.deliveryDeadLetterQueue = undefined;
    if (props.alertEmails.length > 0) {
      const deliveryDeadLetterQueue = new Queue(this, 'delivery-dlq', {
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
      Validations.of(deliveryDeadLetterQueue).acknowledge(
        {
          id: 'AwsSolutions-SQS3',
          reason:
            'This queue is the SNS subscription dead-letter queue (redrive target of the email subscriptions).',
        },
        DEAD_LETTER_QUEUE_HAS_NO_REDRIVE,
      );
      this.deliveryDeadLetterQueue = deliveryDeadLetterQueue;
      for (const email of props.alertEmails) {
        this.topic.addSubscription(
          new EmailSubscription(email, { deadLetterQueue: deliveryDeadLetterQueue }),
        );
      }
    }
  }
}
