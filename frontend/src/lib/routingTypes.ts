/** Routing and inbox types, exactly as docs/protocol.md §14 puts them on the wire. */

export type ConversationStatus = 'open' | 'pending' | 'snoozed' | 'resolved';
export type RoutingPolicy = 'manual' | 'round_robin' | 'least_loaded';
export type AgentStatus = 'available' | 'away';
export type ReasonCode = 'sticky' | 'round_robin' | 'least_loaded' | 'claimed' | 'assigned' | 'transferred' | 'taken_over';

export interface AssignmentReason {
  code: ReasonCode;
  text: string;
}

export interface ConversationRouting {
  id: string;
  phone: string;
  name: string;
  createdAt: string;
  lastSeq: number;
  status: ConversationStatus;
  teamId: string | null;
  topicId: string | null;
  priority: number;
  queuedAt: string | null;
  assignee: { deviceId: string; person: string } | null;
  assignedAt: string | null;
  offerExpiresAt: string | null;
  reason: AssignmentReason | null;
  snoozedUntil: string | null;
  labels: string[];
  /** The peer provider's domain in a third-party chat (docs/interop.md); null or absent for this provider's own customers. */
  source?: string | null;
}

export interface AssignmentRecord {
  deviceId: string;
  person: string;
  reason: AssignmentReason;
  byDeviceId: string | null;
  assignedAt: string;
  endedAt: string | null;
  endReason: 'resolved' | 'snoozed' | 'transferred' | 'unassigned' | 'offer_timeout' | 'grace_expired' | 'reassigned' | 'taken_over' | null;
}

export interface Agent {
  deviceId: string;
  person: string;
  label: string;
  role: string;
  status: AgentStatus;
  online: boolean;
  load: number;
  capacity: number;
  teamIds: string[];
  lastAssignedAt: string | null;
}

export interface Team {
  id: string;
  name: string;
  policy: RoutingPolicy;
  sticky: boolean;
  stickyForSeconds: number;
  memberIds: string[];
}

export interface Topic {
  id: string;
  label: string;
  teamId: string;
  priority: number;
}

/** What the chat page's menu shows (GET /api/topics). */
export interface TopicChoice {
  id: string;
  label: string;
}

export interface CannedReply {
  shortcut: string;
  text: string;
}

export interface QueueState {
  conversation: string;
  status: ConversationStatus;
  position: number | null;
  estimatedWaitSeconds: number | null;
  assigned: boolean;
}

export type Activity = 'viewing' | 'typing' | 'left';

export interface ActivityFrame {
  conversation: string;
  deviceId: string;
  person: string;
  activity: Activity;
}

export type RoutingEvent =
  | { type: 'conversation'; conversation: ConversationRouting }
  | { type: 'agent'; agent: Agent }
  | ({ type: 'activity' } & ActivityFrame)
  | ({ type: 'queue' } & QueueState);

/** Collision frames a business device sends (§14.4). */
export type ActivityClientFrame = { type: Activity; conversation: string };
