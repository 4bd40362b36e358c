/**
 * Helpers for tests that run the real Claude Code with several Claude.ai logins: planted logins
 * (what `claude auth login` leaves: `.credentials.json` in the storage folder, `oauthAccount` in the
 * config folder's `.claude.json`), and a `claude` wrapper whose `auth login` plants one, because
 * Claude.ai's OAuth server cannot be faked offline (CLAUDE_CODE_CUSTOM_OAUTH_URL takes only
 * Anthropic's own hosts). Every other subcommand is the real Claude Code.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './cli';

export const REAL_CLAUDE = path.join(ROOT, 'node_modules', '.bin', 'claude');

/**
 * The environment that runs the real Claude Code quietly: first on the PATH, no updater, no extra
 * traffic; with apiUrl, its API calls go there (a fake Anthropic API).
 */
export function realClaudeEnv(apiUrl?: string): NodeJS.ProcessEnv {
  return {
    PATH: `${path.dirname(REAL_CLAUDE)}:${process.env.PATH}`,
    DISABLE_AUTOUPDATER: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    ...(apiUrl ? { ANTHROPIC_BASE_URL: apiUrl } : {}),
  };
}

export interface PlantedLogin {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly email: string;
  readonly org: string;
  readonly plan: string;
}

export function login(tag: string, plan = 'max'): PlantedLogin {
  const r = Math.random().toString(36).slice(2, 10);
  return {
    accessToken: `sk-ant-oat01-CANARY${tag}${r}-access`,
    refreshToken: `sk-ant-ort01-CANARY${tag}${r}-refresh`,
    email: `${tag.toLowerCase()}@example.com`,
    org: `${tag} Org`,
    plan,
  };
}

export function credentialsJson(l: PlantedLogin, expiresAt = Date.now() + 365 * 86_400_000): string {
  return JSON.stringify({
    claudeAiOauth: {
      accessToken: l.accessToken,
      refreshToken: l.refreshToken,
      expiresAt,
      scopes: ['user:inference', 'user:profile'],
      subscriptionType: l.plan,
    },
  });
}

/** Plants a login as `claude auth login` leaves it: credentials in storageDir, identity in configDir. */
export function plantLogin(l: PlantedLogin, storageDir: string, configDir = storageDir): void {
  fs.mkdirSync(storageDir, { recursive: true });
  fs.writeFileSync(path.join(storageDir, '.credentials.json'), credentialsJson(l), { mode: 0o600 });
  const cfg = path.join(configDir, '.claude.json');
  const prior = fs.existsSync(cfg) ? (JSON.parse(fs.readFileSync(cfg, 'utf8')) as Record<string, unknown>) : {};
  const oauthAccount = {
    accountUuid: `uuid-${l.email}`,
    emailAddress: l.email,
    organizationUuid: `org-${l.email}`,
    organizationName: l.org,
  };
  fs.writeFileSync(cfg, JSON.stringify({ ...prior, hasCompletedOnboarding: true, oauthAccount }), { mode: 0o600 });
}

/**
 * A `claude` whose `auth login` signs in as the login described in `<dir>/next-login.json`, into
 * the folders Claude Code would use in the environment it was given (CLAUDE_SECURESTORAGE_CONFIG_DIR,
 * CLAUDE_CONFIG_DIR) — so a login run with the wrong environment lands in the wrong place. It
 * records each login's environment in `<dir>/logins.log`.
 */
export function loginWrapper(dir: string): {
  bin: string;
  next: (l: PlantedLogin, opts?: { code?: string }) => void;
  log: () => string;
} {
  const bin = path.join(dir, 'claude');
  const plant = path.join(dir, 'plant-login.cjs');
  // With a code: prints Claude.ai's page and Claude Code's prompt as 2.1.197 does with piped stdin, and
  // signs in only when that code arrives on stdin ("Invalid code…" on stderr for any other line).
  fs.writeFileSync(
    plant,
    `const fs=require('fs'),path=require('path');const l=JSON.parse(fs.readFileSync(${JSON.stringify(path.join(dir, 'next-login.json'))},'utf8'));
if(l.code){process.stdout.write('Opening browser to sign in…\\nIf the browser didn\\'t open, visit: https://claude.com/cai/oauth/authorize?code=true&state=test\\nPaste code here if prompted > ');
let buf='';process.stdin.on('data',(b)=>{buf+=b;let i;while((i=buf.indexOf('\\n'))>=0){const line=buf.slice(0,i).trim();buf=buf.slice(i+1);if(line===l.code){done();process.exit(0)}else process.stderr.write('Invalid code. Please make sure the full code was copied.\\n')}});}
else{done()}
function done(){
const s=process.env.CLAUDE_SECURESTORAGE_CONFIG_DIR||process.env.CLAUDE_CONFIG_DIR;const c=process.env.CLAUDE_CONFIG_DIR;
fs.appendFileSync(${JSON.stringify(path.join(dir, 'logins.log'))}, 'storage='+process.env.CLAUDE_SECURESTORAGE_CONFIG_DIR+' config='+c+'\\n');
fs.writeFileSync(path.join(s,'.credentials.json'),l.credentials,{mode:0o600});
const f=path.join(c,'.claude.json');const p=fs.existsSync(f)?JSON.parse(fs.readFileSync(f,'utf8')):{};
p.oauthAccount={accountUuid:'u',emailAddress:l.email,organizationUuid:'o',organizationName:l.org};fs.writeFileSync(f,JSON.stringify(p));
fs.rmSync(${JSON.stringify(path.join(dir, 'next-login.json'))});process.stdout.write('Login successful.\\n');}`,
  );
  fs.writeFileSync(
    bin,
    `#!/bin/sh\nif [ "$1" = auth ] && [ "$2" = login ]; then exec '${process.execPath}' '${plant}'; fi\nexec '${REAL_CLAUDE}' "$@"\n`,
    { mode: 0o755 },
  );
  return {
    bin,
    next: (l, opts = {}) =>
      fs.writeFileSync(
        path.join(dir, 'next-login.json'),
        JSON.stringify({ credentials: credentialsJson(l), email: l.email, org: l.org, code: opts.code }),
      ),
    log: () => fs.readFileSync(path.join(dir, 'logins.log'), 'utf8'),
  };
}

export interface ClaudeRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The real `claude -p` (or other arguments) in a folder. */
export function claudeRun(
  env: NodeJS.ProcessEnv,
  cwd: string,
  args: readonly string[] = ['-p', 'Say hi'],
): Promise<ClaudeRun> {
  return new Promise((resolve) => {
    const c = spawn(REAL_CLAUDE, [...args], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    c.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const t = setTimeout(() => c.kill('SIGKILL'), 60_000);
    c.on('close', (code) => {
      clearTimeout(t);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Every file under the folders whose bytes contain any of the tokens. */
export function filesWithTokens(
  dirs: readonly string[],
  tokens: readonly string[],
  skip: readonly string[] = [],
): string[] {
  const hits: string[] = [];
  const walk = (d: string): void => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (skip.includes(p)) continue;
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        const b = fs.readFileSync(p);
        if (tokens.some((t) => b.includes(t))) hits.push(p);
      }
    }
  };
  dirs.forEach(walk);
  return hits;
}
