// @vitest-environment jsdom
/**
 * A preview shows exactly what will be written (desktop audit): a bundle preview that answers after
 * the pasted text changed belonged to the old text, yet it offered "Import as a new profile", which
 * then imported the new text the user had not seen.
 */
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { EditProfileScreen } from '../../../renderer/screens/edit-profile-screen';
import { TeamScreen } from '../../../renderer/screens/team-screen';
import { BED, installApi, snapshot, state } from './fake-api';

afterEach(cleanup);

describe('bundle preview and import', () => {
  it('a preview of text that changed meanwhile is not shown, and import sends only previewed text', async () => {
    const answers: ((v: unknown) => void)[] = [];
    const api = installApi({
      'bundle:preview': (arg) =>
        new Promise((r) => answers.push(() => r({ lines: [`Profile from ${(arg as { text: string }).text}`] }))),
      'bundle:import': () => ({ profile: BED, active: false, state: state('bed-1') }),
    });
    render(
      <TeamScreen
        snapshot={snapshot({ profiles: [{ profile: BED, active: false, state: state('bed-1') }] })}
        go={() => undefined}
      />,
    );
    const box = screen.getByLabelText(/Import a bundle/) as HTMLTextAreaElement;
    fireEvent.change(box, { target: { value: 'OLD' } });
    await userEvent.click(screen.getByRole('button', { name: 'Show what it sets' }));
    await waitFor(() => expect(answers).toHaveLength(1));
    // The user pastes another bundle while the first preview is on its way.
    fireEvent.change(box, { target: { value: 'NEW' } });
    answers[0]!(undefined);
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByLabelText('What the bundle sets')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Import as a new profile' })).toBeNull();
    // Previewing the new text offers the import of exactly that text.
    await userEvent.click(screen.getByRole('button', { name: 'Show what it sets' }));
    await waitFor(() => expect(answers).toHaveLength(2));
    answers[1]!(undefined);
    expect((await screen.findByLabelText('What the bundle sets')).textContent).toBe('Profile from NEW');
    await userEvent.click(screen.getByRole('button', { name: 'Import as a new profile' }));
    await waitFor(() => expect(api.calls.find((c) => c.channel === 'bundle:import')?.arg).toEqual({ text: 'NEW' }));
  });
});

describe('key check', () => {
  it('a verdict that answers after the key or base URL changed is not shown next to the new one', async () => {
    const answers: ((v: unknown) => void)[] = [];
    installApi({ 'keys:check': () => new Promise((r) => answers.push(r)) });
    render(<EditProfileScreen snapshot={snapshot()} go={() => undefined} />);
    const key = screen.getByLabelText(/^API key/);
    await userEvent.type(key, 'sk-ant-api03-GOODKEY-0000');
    await userEvent.click(screen.getByRole('button', { name: 'Check key' }));
    await waitFor(() => expect(answers).toHaveLength(1));
    await userEvent.type(key, 'typo');
    answers[0]!({ verdict: 'valid', message: 'ok', durationMs: 5 });
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByText(/Valid: the key works/)).toBeNull();
    // Checked again: the verdict shows, until the base URL it was checked at changes.
    await userEvent.click(screen.getByRole('button', { name: 'Check key' }));
    await waitFor(() => expect(answers).toHaveLength(2));
    answers[1]!({ verdict: 'valid', message: 'ok', durationMs: 5 });
    expect(await screen.findByText(/Valid: the key works/)).toBeTruthy();
    await userEvent.type(screen.getByLabelText(/^Base URL/), 'https://gw.example');
    expect(screen.queryByText(/Valid: the key works/)).toBeNull();
  });
});
