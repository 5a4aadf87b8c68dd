import type { LifecycleStatus } from '../domain/site.ts';

const STATUS_LABELS: Record<LifecycleStatus, string> = {
  proposed: 'Proposed',
  'under-assessment': 'Under assessment',
  approved: 'Approved',
  rejected: 'Rejected',
  live: 'Live',
  'under-review': 'Under review',
  continued: 'Continued after review',
  decommissioned: 'Decommissioned',
};

export function statusLabel(status: LifecycleStatus): string {
  return STATUS_LABELS[status];
}
