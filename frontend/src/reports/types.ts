/** The report of docs/protocol.md §15.8. Durations are milliseconds. */
export interface Stat {
  count: number;
  mean: number | null;
  median: number | null;
  p90: number | null;
  met: number;
  missed: number;
  slaPercent: number | null;
}

export interface ReportNumbers {
  volume: number;
  assigned: number;
  waitTime: Stat;
  firstResponse: Stat;
  nextResponse: Stat;
  resolution: Stat;
  handle: Stat;
  abandoned: number;
  shortAbandoned: number;
  /** Ratings 1–5, not milliseconds. */
  csat: Stat;
}

export interface ReportBucket {
  local: string;
  start: string;
  end: string;
  numbers: ReportNumbers;
}

export interface ReportSeries {
  teamId: string | null;
  deviceId: string | null;
  topicId: string | null;
  /** A fact with two labels is in both label series (and once in the report's total). */
  label: string | null;
  /** `direct` or a peer provider's domain when grouped by channel; every fact has one. */
  channel: string | null;
  total: ReportNumbers;
  buckets: ReportBucket[];
}

export interface Report {
  timeZone: string;
  from: string;
  to: string;
  granularity: Granularity;
  groupBy: GroupBy;
  clock: 'wall' | 'business';
  start: string;
  end: string;
  total: ReportNumbers;
  series: ReportSeries[];
}

export type Granularity = 'hour' | 'day' | 'week';
export type GroupBy = 'none' | 'team' | 'agent' | 'topic' | 'label' | 'channel';

/** The numbers a report shows; each can be clicked through to its facts (`metric` of the drill-down). */
export type StatKey = 'waitTime' | 'firstResponse' | 'nextResponse' | 'resolution' | 'handle' | 'csat';
export type CountKey = 'volume' | 'assigned' | 'abandoned' | 'shortAbandoned';

export const DRILL_METRIC: Record<StatKey | CountKey, string> = {
  volume: 'volume',
  assigned: 'assigned',
  waitTime: 'wait',
  firstResponse: 'first_response',
  nextResponse: 'next_response',
  resolution: 'resolution',
  handle: 'handle',
  abandoned: 'abandoned',
  shortAbandoned: 'short_abandon',
  csat: 'csat',
};

export interface DrillItem {
  conversationId: string;
  cycleId: number;
  metric: string;
  at: string;
  teamId: string | null;
  deviceId: string | null;
  ms: number | null;
  businessMs: number | null;
  met: boolean | null;
  answered: boolean;
}

export interface DrillPage {
  items: DrillItem[];
  nextOffset: number | null;
}
