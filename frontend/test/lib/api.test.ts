import { describe, expect, it } from 'vitest';
import { ApiError, classifyUnauthorized, errorMessage, parseApiError } from '../../src/lib/api';
import { reconnectDelay } from '../../src/lib/events';
import { ProtocolError } from '../../src/protocol';

describe('parseApiError', () => {
  it('reads the protocol error shape', () => {
    const error = parseApiError(
      409,
      '{"code":"companion_limit_reached","message":"This account already has 4 linked devices.","details":{"limit":4}}',
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(409);
    expect(error.code).toBe('companion_limit_reached');
    expect(error.message).toBe('This account already has 4 linked devices.');
    expect(error.details).toEqual({ limit: 4 });
  });

  it('accepts an already parsed body and a missing details member', () => {
    const error = parseApiError(401, { code: 'session_expired', message: 'The session has ended.' });
    expect(error.code).toBe('session_expired');
    expect(error.details).toEqual({});
  });

  it('falls back for bodies that are not the error shape', () => {
    expect(parseApiError(502, '<html>Bad gateway</html>')).toMatchObject({ code: 'http_502', status: 502 });
    expect(parseApiError(500, undefined).message).toBe('Something went wrong on the server.');
    expect(parseApiError(400, { code: '', message: 'x' }).code).toBe('http_400');
    expect(parseApiError(403, { code: 'role_required', message: '' }).message).toBe('This is not allowed.');
  });
});

describe('classifyUnauthorized', () => {
  const error = (status: number, code: string, details = {}) => new ApiError(status, code, 'm', details);

  it('signs in again for an ended session', () => {
    expect(classifyUnauthorized(error(401, 'session_expired'))).toBe('reauthenticate');
    expect(classifyUnauthorized(error(401, 'not_signed_in'))).toBe('reauthenticate');
  });

  it('shows the logged-out state for a removed device', () => {
    expect(classifyUnauthorized(error(401, 'device_removed', { reason: 'primary-inactive' }))).toBe('logged-out');
    expect(classifyUnauthorized(error(401, 'device_unknown'))).toBe('unknown-device');
  });

  it('leaves other answers alone', () => {
    expect(classifyUnauthorized(error(401, 'signature_invalid'))).toBe('fail');
    expect(classifyUnauthorized(error(403, 'session_expired'))).toBe('fail');
  });
});

describe('errorMessage', () => {
  it('uses the sentence of each kind of error', () => {
    expect(errorMessage(new ApiError(409, 'x', 'Server says no.'))).toBe('Server says no.');
    expect(errorMessage(new ProtocolError('invalid-link-qr', 'not a Switchboard link code'))).toBe(
      'not a Switchboard link code (invalid-link-qr)',
    );
    expect(errorMessage('weird')).toBe('Something went wrong.');
  });
});

describe('reconnectDelay', () => {
  it('doubles from one second up to thirty', () => {
    const middle = () => 0.5;
    expect([0, 1, 2, 3, 4, 5, 6, 20].map((attempt) => reconnectDelay(attempt, middle))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ]);
  });

  it('jitters by at most 20 %', () => {
    expect(reconnectDelay(0, () => 0)).toBe(800);
    expect(reconnectDelay(0, () => 0.999999)).toBe(1200);
  });
});
