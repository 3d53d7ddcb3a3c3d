import type { DeviceRole, SignedDeviceList } from '../protocol';

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

export type ServerEvent =
  | { type: 'hello'; deviceId: string }
  | { type: 'device-list'; version: number }
  | { type: 'link-request'; ref: string; status: string }
  | { type: 'logged-out'; reason: string };
