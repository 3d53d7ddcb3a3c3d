// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from '../../src/i18n';
import { ApiError } from '../../src/lib/api';
import { ReportAbuse } from '../../src/thirdParty/ReportAbuse';

afterEach(() => cleanup());

describe('report abuse in a third-party chat', () => {
  it('sends the note to the room’s abuse reports and says it was recorded', async () => {
    setLanguage('en');
    const posts: Array<[string, unknown]> = [];
    render(<ReportAbuse roomId="room/1" http={{ post: async <T,>(path: string, body: unknown) => (posts.push([path, body]), undefined as T) }} />);
    fireEvent.click(screen.getByTestId('report-abuse-open'));
    fireEvent.input(screen.getByTestId('report-abuse-note'), { target: { value: '  spam links  ' } });
    fireEvent.click(screen.getByTestId('report-abuse-send'));
    await waitFor(() => expect(screen.getByTestId('report-abuse-result').textContent).toBe('Reported. Owners and admins see it in the activity log.'));
    expect(posts).toEqual([['/api/federation/rooms/room%2F1/abuse-reports', { note: 'spam links' }]]);
    expect(screen.queryByTestId('report-abuse-form')).toBeNull();
  });

  it('keeps the form and says why when the server refuses', async () => {
    setLanguage('en');
    render(<ReportAbuse roomId="r1" http={{ post: async () => { throw new ApiError(404, 'not_found', 'This user was not found.'); } }} />);
    fireEvent.click(screen.getByTestId('report-abuse-open'));
    fireEvent.click(screen.getByTestId('report-abuse-send'));
    await waitFor(() => expect(screen.getByTestId('report-abuse-result').textContent).toContain('This user was not found.'));
    expect(screen.getByTestId('report-abuse-form')).toBeTruthy();
  });
});
