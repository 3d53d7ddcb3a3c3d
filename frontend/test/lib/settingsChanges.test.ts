import { describe, expect, it, vi } from 'vitest';
import { announceSettingsChange, onSettingsChange } from '../../src/lib/settingsChanges';

describe('settings changes', () => {
  it('reaches the subscribers of that list, and those of every list', () => {
    const canned = vi.fn();
    const teams = vi.fn();
    const any = vi.fn();
    const stops = [onSettingsChange('canned-replies', canned), onSettingsChange('teams', teams), onSettingsChange(null, any)];
    announceSettingsChange('canned-replies');
    expect(canned).toHaveBeenCalledWith('canned-replies');
    expect(teams).not.toHaveBeenCalled();
    expect(any).toHaveBeenCalledWith('canned-replies');
    stops.forEach((stop) => stop());
  });

  it('ignores lists it does not know and stops after unsubscribe', () => {
    const listener = vi.fn();
    const stop = onSettingsChange(null, listener);
    announceSettingsChange('passwords');
    announceSettingsChange(undefined);
    expect(listener).not.toHaveBeenCalled();
    stop();
    announceSettingsChange('topics');
    expect(listener).not.toHaveBeenCalled();
  });

  it('keeps telling the others when one subscriber throws', () => {
    const after = vi.fn();
    const stops = [onSettingsChange('topics', () => { throw new Error('boom'); }), onSettingsChange('topics', after)];
    announceSettingsChange('topics');
    expect(after).toHaveBeenCalledOnce();
    stops.forEach((stop) => stop());
  });
});
