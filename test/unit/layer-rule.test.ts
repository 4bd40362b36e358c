import { ESLint } from 'eslint';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

async function restricted(file: string, code: string): Promise<string[]> {
  const [r] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (r?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer rule (architecture.md), enforced by lint', () => {
  it.each([
    ['common/x.ts', "import { app } from 'electron';"],
    ['common/x.ts', "import { x } from '../main/core/paths';"],
    ['common/x.ts', "import * as fs from 'node:fs';"],
    ['main/core/x.ts', "import { app } from 'electron';"],
    ['main/core/x.ts', "import { x } from '../cli/commands';"],
    ['main/core/x.ts', "import { x } from '../electron/tray';"],
    ['main/cli/x.ts', "import { app } from 'electron';"],
    ['main/cli/x.ts', "import { x } from '../electron/tray';"],
    ['renderer/x.tsx', "import { ipcRenderer } from 'electron';"],
    ['renderer/x.tsx', "import { x } from '../main/core/paths';"],
    ['preload/x.ts', "import { x } from '../main/core/paths';"],
    ['main/electron/tray.ts', "import { ipcMain } from 'electron';"],
    ['main/index.ts', "import { ipcMain } from 'electron';"],
    // The App renders the screens; a screen importing it back is a cycle (Nav lives in renderer/nav.ts).
    ['renderer/screens/x.tsx', "import type { Nav } from '../app';"],
    ['renderer/components/x.tsx', "import { App } from '../app';"],
    ['renderer/hooks/x.ts', "import { App } from '../app';"],
    ['renderer/screens/x.tsx', "import { x } from '../../main/core/paths';"],
    ['renderer/screens/x.tsx', "import { shell } from 'electron';"],
    ['renderer/components/x.tsx', "import * as fs from 'node:fs';"],
  ])('%s may not: %s', async (file, code) => {
    expect(await restricted(file, code)).not.toEqual([]);
  });

  it.each([
    ['main/core/x.ts', "import { x } from '../../common/profile';"],
    ['main/cli/x.ts', "import { x } from '../core/paths';"],
    ['main/electron/tray.ts', "import { Tray } from 'electron';"],
    ['main/electron/typed-ipc.ts', "import { ipcMain } from 'electron';"],
    ['preload/index.ts', "import { contextBridge, ipcRenderer } from 'electron';"],
    ['renderer/x.tsx', "import { x } from '../common/profile';"],
    ['renderer/screens/x.tsx', "import type { Nav } from '../nav';"],
    ['renderer/screens/x.tsx', "import { x } from '../../common/app-settings';"],
    ['renderer/main.tsx', "import { App } from './app';"],
  ])('%s may: %s', async (file, code) => {
    expect(await restricted(file, code)).toEqual([]);
  });
});
