import { api, ApiError } from './api';
import { clearIdentity } from './identity';
import type { RoutingEvent } from './routingTypes';
import { announceRecoveryChange } from './recoveryChanges';
import { announceSettingsChange } from './settingsChanges';
import type { ClientFrame, DeliveredMessage, ReceiptFrame, ServerEvent } from './types';
import { isLoggedOut, onLoggedOut, showLoggedOut } from './ui';

/** WebSocket close code for "this device was logged out" (see DeviceConnections.CLOSE_LOGGED_OUT). */
export const CLOSE_LOGGED_OUT = 4001;

export interface EventListeners {
  /** A new signed device list; `owner` is 'business' or a customer id (absent from older servers). */
  onDeviceList?: (version: number, owner?: string) => void;
  onLinkRequest?: (ref: string, status: string) => void;
  /** A recovery of the account (protocol §7.3) started, was cancelled, voided or completed. */
  onRecovery?: (id: string, status: string) => void;
  /** After a reconnect (not the first connect): events may have been missed, so refresh. */
  onReconnected?: () => void;
  /**
   * After every connect, the first included: for pages that loaded their state before the socket
   * opened, a change in between was pushed to nobody.
   */
  onConnected?: () => void;
  /** A delivered message (§12 "Customers and messages"); the client acknowledges it with send({type:'ack',seq}). */
  onMessage?: (message: DeliveredMessage) => void;
  /** Delivered/read marks of one side of a conversation changed. */
  onReceipt?: (receipt: ReceiptFrame) => void;
  /** Routing frames (§14.4): conversation state, agents, collision activity, the customer's queue place. */
  onRouting?: (event: RoutingEvent) => void;
  /**
   * A `board` or `board-patch` frame (§15.3), pushed to the connections that subscribed to the board: the whole board,
   * then what changed. Parse and apply with lib/board.
   */
  onBoard?: (frame: unknown) => void;
  /** One of the customer's chats with a business at another provider changed (docs/protocol.md §16.1): read it again. */
  onRemoteChat?: (id: string) => void;
  /** Every change of the connection state (for pull catch-up while the socket is down). */
  onStateChange?: (state: ConnectionState) => void;
}

export interface EventOptions {
  /**
   * Called before a reconnect to make sure the session is valid (the failed handshake does not say
   * why); default /api/devices/list, which only business devices may read.
   */
  probePath?: string;
}

/** Delay before reconnect attempt `attempt` (0-based): 1 s, 2 s, 4 s … capped at 30 s, with ±20 % jitter. */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.min(attempt, 10));
  return Math.round(base * (0.8 + 0.4 * random()));
}

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting';

function indicator(state: ConnectionState): void {
  const element = document.getElementById('connection');
  if (!element || isLoggedOut()) return;
  element.hidden = false;
  element.dataset.state = state;
  element.setAttribute('role', 'status');
  element.setAttribute('aria-live', 'polite');
  element.classList.toggle('offline', state === 'reconnecting');
  element.textContent = state === 'connected' ? 'Connected' : state === 'connecting' ? 'Connecting…' : 'Reconnecting…';
}

export interface EventConnection {
  close(): void;
  /** Sends a frame if the socket is open; false when it is not (the frame is dropped). */
  send(frame: ClientFrame): boolean;
  state(): ConnectionState;
}

/**
 * Keeps a WebSocket to /ws/events open: reconnects with backoff, shows the state in #connection,
 * shows the logged-out screen on a `logged-out` event or close code 4001, and calls the listeners.
 */
export function connectEvents(listeners: EventListeners, options: EventOptions = {}): EventConnection {
  let socket: WebSocket | null = null;
  let current: ConnectionState = 'connecting';
  const setState = (state: ConnectionState) => {
    indicator(state);
    if (state === current) return;
    current = state;
    try {
      listeners.onStateChange?.(state);
    } catch {
      // a listener's failure must not break the connection handling
    }
  };
  let attempt = 0;
  let everConnected = false;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let loggedOutReason: string | null = null;

  const url = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws/events`;

  const stop = () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    timer = null;
    if (socket && socket.readyState <= WebSocket.OPEN) socket.close(1000);
    socket = null;
  };
  onLoggedOut(stop);

  const open = () => {
    if (stopped) return;
    setState(everConnected ? 'reconnecting' : 'connecting');
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      setState('connected');
      if (everConnected) listeners.onReconnected?.();
      everConnected = true;
      // One frame per push for many changes (§14.4); servers that do not know the frame ignore it and send them one by one.
      ws.send(JSON.stringify({ type: 'subscribe', to: 'batches' } satisfies ClientFrame));
      listeners.onConnected?.();
      announceRecoveryChange();
    };
    ws.onmessage = (message) => {
      let event: ServerEvent;
      try {
        event = JSON.parse(String(message.data)) as ServerEvent;
      } catch {
        return;
      }
      switch (event.type) {
        case 'device-list':
          listeners.onDeviceList?.(event.version, event.owner);
          break;
        case 'message':
          listeners.onMessage?.(event);
          break;
        case 'receipt':
          listeners.onReceipt?.(event);
          break;
        case 'link-request':
          listeners.onLinkRequest?.(event.ref, event.status);
          break;
        case 'recovery':
          listeners.onRecovery?.(event.id, event.status);
          announceRecoveryChange();
          break;
        case 'conversation':
        case 'agent':
        case 'activity':
        case 'queue':
          listeners.onRouting?.(event);
          break;
        case 'conversations':
          for (const conversation of event.conversations) listeners.onRouting?.({ type: 'conversation', conversation });
          break;
        case 'agents':
          for (const agent of event.agents) listeners.onRouting?.({ type: 'agent', agent });
          break;
        case 'board':
        case 'board-patch':
          listeners.onBoard?.(event);
          break;
        case 'remote-chat':
          listeners.onRemoteChat?.(event.id);
          break;
        case 'settings':
          announceSettingsChange(event.changed);
          break;
        case 'logged-out':
          loggedOutReason = event.reason;
          showLoggedOut(event.reason, clearIdentity);
          break;
        default:
          break;
      }
    };
    ws.onclose = (close) => {
      if (socket !== ws) return;
      socket = null;
      if (stopped) return;
      if (close.code === CLOSE_LOGGED_OUT) {
        showLoggedOut(loggedOutReason ?? (close.reason || 'removed'), clearIdentity);
        return;
      }
      setState('reconnecting');
      scheduleReconnect();
    };
  };

  const scheduleReconnect = () => {
    if (stopped || timer) return;
    const delay = reconnectDelay(attempt++);
    timer = setTimeout(async () => {
      timer = null;
      if (stopped) return;
      // The handshake fails without a valid session and the browser does not tell why, so after a
      // failure make sure there is one: an API call signs in again, or shows the logged-out screen.
      try {
        await api.get(options.probePath ?? '/api/devices/list');
      } catch (error) {
        if (isLoggedOut()) return;
        if (error instanceof ApiError && error.status === 0) {
          scheduleReconnect();
          return;
        }
      }
      open();
    }, delay);
  };

  // The server closes idle connections through proxies; reconnect at once when the tab comes back.
  window.addEventListener('online', () => {
    if (!stopped && !socket) {
      if (timer) clearTimeout(timer);
      timer = null;
      attempt = 0;
      open();
    }
  });

  open();
  return {
    close: stop,
    send(frame: ClientFrame): boolean {
      if (!socket || socket.readyState !== WebSocket.OPEN) return false;
      try {
        socket.send(JSON.stringify(frame));
        return true;
      } catch {
        return false;
      }
    },
    state: () => current,
  };
}
