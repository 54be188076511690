import { z } from 'zod';

/**
 * Why a metric has no value. "Unavailable" is never stored as 0: an ER computed from a hidden like count
 * would be a fabricated number.
 */
export const UnavailableReasonSchema = z.enum([
  /** The platform's response simply did not contain the field. */
  'not_returned',
  /** The owner hid the count (e.g. Instagram hidden likes). */
  'hidden_by_owner',
  /** The platform retired the metric (e.g. Instagram `impressions`/`plays` → `views`, Apr 2025). */
  'retired_metric',
  /** The platform does not offer the metric for this media type (e.g. carousel children, stories > 24 h). */
  'not_supported_for_media_type',
  /** The credential lacks the scope/permission, or the data is owner-only. */
  'permission_missing',
  /** Too few viewers for the platform to report it (Instagram error 10). */
  'insufficient_audience',
  /** The platform reports it with a delay and has not yet (Instagram insights up to 48 h). */
  'not_yet_available',
  /** The feature is off on the post (e.g. comments disabled). */
  'disabled_on_post',
  /** Collection of this metric is switched off in our configuration. */
  'collection_disabled',
  /** The post was deleted or made private. */
  'post_unavailable',
]);
export type UnavailableReason = z.infer<typeof UnavailableReasonSchema>;

export const AvailableMetricSchema = z.object({
  status: z.literal('available'),
  value: z.number().finite().nonnegative(),
});
export const UnavailableMetricSchema = z.object({
  status: z.literal('unavailable'),
  reason: UnavailableReasonSchema,
  /** Free text from the platform (error message, deprecation note); never contains credentials. */
  detail: z.string().max(500).optional(),
});
export const MetricValueSchema = z.discriminatedUnion('status', [
  AvailableMetricSchema,
  UnavailableMetricSchema,
]);
export type MetricValue = z.infer<typeof MetricValueSchema>;
export type AvailableMetric = z.infer<typeof AvailableMetricSchema>;
export type UnavailableMetric = z.infer<typeof UnavailableMetricSchema>;

export function available(value: number): AvailableMetric {
  return { status: 'available', value };
}

export function unavailable(reason: UnavailableReason, detail?: string): UnavailableMetric {
  return detail === undefined ? { status: 'unavailable', reason } : { status: 'unavailable', reason, detail };
}

export function isAvailable(metric: MetricValue | undefined): metric is AvailableMetric {
  return metric?.status === 'available';
}

/** The value, or undefined when unavailable. Never substitute 0. */
export function metricNumber(metric: MetricValue | undefined): number | undefined {
  return metric?.status === 'available' ? metric.value : undefined;
}
