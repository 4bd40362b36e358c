import type { AuthState } from '../../../common/auth-state';
import type { InvokeChannel, InvokeResults, ProfileView, Snapshot } from '../../../common/ipc-contract';
import type { INVOKE_SCHEMAS } from '../../../common/ipc-contract';
import type { Profile } from '../../../common/profile';
import type { z } from 'zod';
import type { ChooseFolder } from '../accounts/account-handlers';
import type { AppSettingsStore } from '../app-settings-store';
import type { AuthMonitor } from '../auth-monitor';
import type { CommandGate, ConfirmCommand } from '../command-confirm';
import type { CliRuntime } from '../helper-command';
import type { FetchLike } from '../key-validation';
import type { Notice } from '../notification-policy';
import type { Env } from '../paths';
import type { ProfileService } from '../profile-service';
import type { Clock } from '../clock';
import type { SecretStore } from '../vault';

export interface AppApiDeps {
  readonly env: Env;
  readonly cwd: string;
  readonly store: SecretStore;
  readonly clock: Clock;
  readonly runtime: CliRuntime;
  readonly fetch?: FetchLike;
  readonly apiBaseUrl?: string;
  /** Google's token endpoint for the Vertex ADC check (tests: a server on 127.0.0.1). */
  readonly googleTokenUrl?: string;
  /** Opens a URL in the user's browser (Electron's shell.openExternal; tests record it). */
  readonly openExternal?: (url: string) => Promise<void> | void;
  /** Applies "start at login" (Electron's app.setLoginItemSettings). */
  readonly setStartAtLogin?: (on: boolean) => void;
  /**
   * Asks the user, in a dialog the main process owns, before a command (or a key helper's base URL)
   * that came over IPC is saved (command-confirm.ts). Absent: such changes are refused.
   */
  readonly confirmCommand?: ConfirmCommand;
  /** Picks a project folder in a native dialog (issue 14: "Pin to a project…"). Absent: pins are made with the CLI. */
  readonly chooseFolder?: ChooseFolder;
}

type Args<C extends InvokeChannel> = z.output<(typeof INVOKE_SCHEMAS)[C]>;
/** One handler per contract channel, taking the parsed argument (typed-ipc.ts parses it first). */
export type Handlers = { [C in InvokeChannel]: (arg: Args<C>) => Promise<InvokeResults[C]> };
/** The handlers of some channels: each concern's module returns its part, app-api.ts joins them. */
export type HandlersOf<C extends InvokeChannel> = Pick<Handlers, C>;

/**
 * What the handlers of each concern (./profiles, ./keys, ./team, ./bundle, ./app) use of the AppApi
 * that owns them: its dependencies, services and the effects every use case ends in (reload the
 * monitor, ask Claude Code again, publish a snapshot).
 */
export interface HandlerContext {
  readonly deps: AppApiDeps;
  readonly svc: ProfileService;
  readonly monitor: AuthMonitor;
  readonly settings: AppSettingsStore;
  readonly commands: CommandGate;
  /** The current snapshot (also sent to the tray and the window when it holds unpublished changes). */
  snapshot(): Promise<Snapshot>;
  view(p: Profile): ProfileView;
  stateOf(p: Profile): AuthState;
  /** Asks `claude auth status` again (after a switch) and publishes. */
  askClaude(): Promise<void>;
  publish(): void;
  notice(n: Notice): void;
  progress(p: { done: number; total: number }): void;
}
