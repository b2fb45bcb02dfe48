// How a device status reads and what colour it gets.
import type { NodeState } from '../../../common/dashboard-api.js';
import type { Tone } from '../../app/ui.js';

type Status = NonNullable<NodeState['device']['status']>;

export const STATUS_LABELS: Record<Status, string> = {
  pending: 'Pending',
  verified: 'Verified',
  'cluster-ready': 'Cluster-ready',
  failed: 'Proof failed',
  blocked: 'Blocked',
  inactive: 'Inactive',
};

export const statusTone = (status: Status | null): Tone =>
  status === 'verified' || status === 'cluster-ready'
    ? 'ok'
    : status === 'failed' || status === 'blocked'
      ? 'bad'
      : status === 'pending'
        ? 'warn'
        : 'neutral';
