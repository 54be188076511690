import type { Platform } from '../domain/platform';

export type AlertState = 'open' | 'cooldown' | 'resolved';

export interface AlertRecord {
  /** Deterministic id, e.g. `<ruleId>#<platform>#<postId>`: re-evaluating never creates a second alert. */
  alertId: string;
  ruleId: string;
  platform: Platform;
  accountId: string;
  postId: string;
  campaignIds: string[];
  state: AlertState;
  openedAt: string;
  updatedAt: string;
  /** Until when no new notification is sent (state `cooldown`). */
  cooldownUntil: string | null;
  resolvedAt: string | null;
  /** Rule-specific evidence (numbers only; never comment texts or handles). */
  details: Record<string, unknown>;
  version: number;
}

export class AlertVersionConflictError extends Error {
  override readonly name = 'AlertVersionConflictError';
}

export interface AlertStore {
  get(alertId: string): Promise<AlertRecord | undefined>;
  /** Conditional write on `expectedVersion` (0 = new); stores `version = expectedVersion + 1` and returns it. */
  put(alert: Omit<AlertRecord, 'version'>, expectedVersion: number): Promise<number>;
  /** Alerts in state `open` or `cooldown`, oldest first (sparse index). */
  listOpen(): Promise<AlertRecord[]>;
}
