// @vitest-environment jsdom
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { EditProfileScreen } from '../../../renderer/screens/edit-profile-screen';
import { installApi, snapshot, state } from './fake-api';

afterEach(cleanup);

describe('LLM gateway in the window: its form comes from its field descriptors', () => {
  it('gateway URL, token, header lines and model, saved as flat input with the token as the secret', async () => {
    const api = installApi({
      'profiles:add': (arg) => ({ profile: { ...(arg as object), id: 'gw-1' }, active: false, state: state('gw-1') }),
    });
    render(<EditProfileScreen snapshot={snapshot()} go={() => undefined} />);
    await userEvent.selectOptions(screen.getByLabelText('Provider'), 'gateway');
    await userEvent.type(screen.getByLabelText(/^Name/), 'GW');
    await userEvent.type(screen.getByLabelText(/^Gateway URL/), 'https://llm.example.com');
    const token = screen.getByLabelText(/^Gateway token/);
    expect(token.getAttribute('type')).toBe('password');
    await userEvent.type(token, 'gw-token-123');
    const headers = screen.getByLabelText(/^Extra headers/);
    expect(headers.tagName).toBe('TEXTAREA');
    await userEvent.type(headers, 'X-Team: platform{Enter}X-Route: eu');
    await userEvent.type(screen.getByLabelText(/^Model/), 'gw-sonnet');
    expect(screen.queryByLabelText(/How to authenticate/)).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Save profile' }));
    await waitFor(() =>
      expect(api.calls.find((c) => c.channel === 'profiles:add')?.arg).toEqual({
        kind: 'gateway',
        name: 'GW',
        baseUrl: 'https://llm.example.com',
        headers: 'X-Team: platform\nX-Route: eu',
        model: 'gw-sonnet',
        secret: 'gw-token-123',
      }),
    );
  });
});
