import type { DeviceRole, SignedDeviceList, SignedRecoveryClaim } from '../protocol';
import type { ActivityClientFrame, Agent, ConversationRouting, RoutingEvent } from './routingTypes';

/** Shapes of the API answers (docs/protocol.md §12). Times are ISO strings unless noted. */

export interface AccountInfo {
  setUp: boolean;
  businessNumber: string | null;
  displayName: string | null;
}

export interface DeviceView {
  id: string;
  primary: boolean;
  role: DeviceRole;
  person: string;
  label: string;
  browser: string;
  signingKey: string;
  agreementKey: string;
  linkedAt: string;
  lastActiveAt: string;
  status: 'active' | 'logged-out';
  removalReason: string | null;
}

export interface DevicesView {
  businessNumber: string;
  displayName: string;
  myDeviceId: string;
  iAmPrimary: boolean;
  myRole: DeviceRole;
  devices: DeviceView[];
  deviceList: SignedDeviceList;
}

export interface PendingRequest {
  ref: string;
  method: 'qr' | 'code';
  deviceId: string;
  person: string;
  label: string;
  browser: string;
  signingKey: string;
  agreementKey: string;
  salt: string | null;
  pake1: string | null;
  pake2: string | null;
  confirm: string | null;
  pakeAttempts: number;
  maxPakeAttempts: number;
  status: 'pending' | 'approved' | 'completed' | 'refused';
  createdAt: string;
  expiresAt: string;
}

export interface LinkCreated {
  ref: string;
  deviceId: string;
  /** Unix seconds. */
  expiresAt: number;
}

export interface LinkStatus {
  status: 'pending' | 'approved' | 'completed' | 'refused';
  /** Unix seconds. */
  expiresAt: number;
  pake2: string | null;
  role: DeviceRole | null;
  deviceList: SignedDeviceList | null;
  linkProof: string | null;
  challenge: string | null;
  refusalReason: string | null;
}

export interface AuditEntry {
  id: number;
  at: string;
  action: string;
  actorDeviceId: string | null;
  subjectDeviceId: string | null;
  details: Record<string, unknown> | null;
}

/** A message as a device receives it (push or pull): the envelope holds only this device's wrap. */
export interface DeliveredMessage {
  type: 'message';
  seq: number;
  /** ISO time the server committed it. */
  storedAt: string;
  conversation: string;
  /** Unchecked: verified by the receiving side (protocol §13.2). */
  envelope: unknown;
}

export type ConversationSide = 'business' | 'customer';

/** Delivered and read marks of one side of a conversation (ticks). */
export interface ReceiptFrame {
  type?: 'receipt';
  conversation: string;
  side: ConversationSide;
  deliveredSeq: number;
  readSeq: number;
}

export type ServerEvent =
  | { type: 'hello'; deviceId: string }
  | { type: 'device-list'; version: number; owner?: string }
  | { type: 'link-request'; ref: string; status: string }
  | { type: 'recovery'; id: string; status: string }
  | { type: 'logged-out'; reason: string }
  | { type: 'settings'; changed: string }
  | { type: 'board'; version: number; board: unknown }
  | { type: 'board-patch'; from: number; version: number }
  | { type: 'remote-chat'; id: string }
  | { type: 'conversations'; conversations: ConversationRouting[] }
  | { type: 'agents'; agents: Agent[] }
  | DeliveredMessage
  | (ReceiptFrame & { type: 'receipt' })
  | RoutingEvent;

/** Frames a client sends on /ws/events. */
export type ClientFrame =
  | { type: 'ack'; seq: number }
  | { type: 'read'; conversation: string; seq: number }
  | { type: 'subscribe' | 'unsubscribe'; to: 'board' }
  | { type: 'subscribe'; to: 'batches' }
  | ActivityClientFrame;

export interface CustomerMe {
  customerId: string;
  /** The customer's conversation: its own id, which need not equal the customer's. */
  conversationId: string;
  phone: string;
  name: string;
  businessNumber: string;
  businessName: string;
  customerList: unknown;
  businessList: unknown;
}

export interface ConversationSummary {
  id: string;
  phone: string;
  name: string;
  createdAt: string;
  lastSeq: number;
}

export interface ConversationDetail {
  id: string;
  phone: string;
  name: string;
  /** The owner of the customer list, which names its earlier versions. */
  customerId?: string;
  businessList: unknown;
  customerList: unknown;
  receipts: ReceiptFrame[];
}

export interface StoredMessageAnswer {
  seq: number;
  storedAt: string;
  duplicate: boolean;
}

export interface MessagePage {
  messages: DeliveredMessage[];
  cursor: number;
}

/** One recovery as `GET /api/recovery` shows it (protocol §12). */
export interface RecoveryView {
  id: string;
  kind: 'recovery' | 'reset';
  claim: SignedRecoveryClaim | null;
  status: 'pending' | 'cancelled' | 'completed' | 'void';
  startedAt: string;
  takesEffectAt: string;
}

export interface RecoveryStatus {
  enabled: boolean;
  authorityKey: string | null;
  wrappedKey?: string | null;
  primaryKey?: string;
  vetoWindowSeconds: number;
  /** The admin companion the authority key is wrapped for as well (§7.2), or null. */
  backupAdmin?: string | null;
  pending: RecoveryView | null;
}
