// @vitest-environment happy-dom
import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionBanner } from '../../src/components/Banner';

afterEach(cleanup);

describe('ConnectionBanner', () => {
  it('says the server is merely away while reconnecting, not that messages failed', () => {
    const view = render(<ConnectionBanner state="reconnecting" />);
    const text = view.getByTestId('connection-banner').textContent!;
    expect(text).toContain('Reconnecting');
    expect(text).not.toContain('could not be loaded');
  });

  it('names the reason when messages really could not be loaded', () => {
    const view = render(<ConnectionBanner state="stalled" detail="The business device list is not signed." />);
    expect(view.getByTestId('connection-banner').textContent).toBe('Some messages could not be loaded yet: The business device list is not signed. Retrying…');
  });

  it('shows nothing while connected', () => {
    const view = render(<ConnectionBanner state="connected" />);
    expect(view.queryByTestId('connection-banner')).toBeNull();
  });
});
