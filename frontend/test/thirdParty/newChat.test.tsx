// @vitest-environment happy-dom
import { cleanup, fireEvent, render, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from '../../src/i18n';
import { ApiError } from '../../src/lib/api';
import { NewThirdPartyChat } from '../../src/thirdParty/NewThirdPartyChat';

afterEach(cleanup);

/** POST /api/federation/chats in memory: finds one number at one provider. */
function fakeHttp() {
  const posted: unknown[] = [];
  return {
    posted,
    async post<T>(_path: string, body?: unknown): Promise<T> {
      posted.push(body);
      const { domain, phone } = body as { domain: string; phone: string };
      if (domain !== 'a.example' || phone !== '+4917000000001') throw new ApiError(404, 'not_found', 'This user was not found.');
      return { roomId: 'room1', state: 'requested' } as T;
    },
  };
}

function fill(view: ReturnType<typeof render>, domain: string, phone: string) {
  fireEvent.input(view.getByTestId('third-party-new-domain'), { target: { value: domain } });
  fireEvent.input(view.getByTestId('third-party-new-phone'), { target: { value: phone } });
  fireEvent.click(view.getByTestId('third-party-new-start'));
}

describe('New third-party chat', () => {
  setLanguage('en');

  it('asks the provider for the number and says the chat opens when they accept', async () => {
    const http = fakeHttp();
    const view = render(<NewThirdPartyChat http={http} />);

    fill(view, 'A.example', '+49 170 000 000 01');

    await waitFor(() =>
      expect(view.getByTestId('third-party-new-result').textContent).toBe(
        '+4917000000001 at A.example was asked to chat. The conversation appears in the list when they accept.',
      ),
    );
    expect(http.posted).toEqual([{ domain: 'a.example', phone: '+4917000000001' }]);
  });

  it('says only "not found" for a number the provider does not find', async () => {
    const view = render(<NewThirdPartyChat http={fakeHttp()} />);

    fill(view, 'a.example', '+4917000000002');

    await waitFor(() => expect(view.getByTestId('third-party-new-result').textContent).toBe('This user was not found.'));
  });

  it('does not ask with a number that is not in international form', () => {
    const http = fakeHttp();
    const view = render(<NewThirdPartyChat http={http} />);

    fill(view, 'a.example', '0170 000 000 01');

    expect(view.getByTestId('third-party-new-result').textContent).toContain('international form');
    expect(http.posted).toEqual([]);
  });

  it('replaces an earlier answer with "asking" while the provider is asked again', async () => {
    let answer: (value: unknown) => void = () => {};
    const http = fakeHttp();
    const view = render(<NewThirdPartyChat http={http} />);
    fill(view, 'a.example', '+4917000000002');
    await waitFor(() => expect(view.getByTestId('third-party-new-result').textContent).toBe('This user was not found.'));

    http.post = <T,>() => new Promise<T>((resolve) => { answer = resolve as (value: unknown) => void; });
    fill(view, 'a.example', '+4917000000001');

    await waitFor(() => expect(view.getByTestId('third-party-new-result').textContent).toBe('Asking a.example…'));
    answer({ roomId: 'room1', state: 'granted' });
    await waitFor(() => expect(view.getByTestId('third-party-new-result').textContent).toContain('You can already chat'));
  });
});
