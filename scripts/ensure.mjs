// Runs before `npm run e2e` and `npm test` (npm pre-scripts): makes a fresh clone runnable.
// Plain JavaScript with no dependencies, because it runs before `npm ci`.
//  1. npm dependencies: `npm ci` when node_modules is missing or older than package-lock.json.
//  2. Chromium: Playwright's own build or a system one (/usr/bin/chromium). When neither exists,
//     `npx playwright install chromium` (needs internet), else Debian's package via apt-get when
//     running as root; otherwise a clear message and exit 1.
import { execSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit' }).status === 0;

const lock = 'package-lock.json';
const installed = 'node_modules/.package-lock.json';
if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs - 1000) {
  console.log('[ensure] installing npm dependencies (npm ci)');
  if (!run('npm', ['ci', '--no-audit', '--no-fund'])) process.exit(1);
}

const SYSTEM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
function haveBrowser() {
  if (process.env.E2E_BROWSER_PATH) return existsSync(process.env.E2E_BROWSER_PATH);
  if (SYSTEM.some((p) => existsSync(p))) return true;
  try {
    const p = execSync(
      `node -e "process.stdout.write(require('@playwright/test').chromium.executablePath())"`,
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    );
    return existsSync(p);
  } catch {
    return false;
  }
}

if (!haveBrowser()) {
  console.log('[ensure] no Chromium found: trying `npx playwright install chromium`');
  const viaPlaywright = run('npx', ['playwright', 'install', 'chromium']) && haveBrowser();
  if (!viaPlaywright) {
    const root = typeof process.getuid === 'function' && process.getuid() === 0;
    if (root && existsSync('/usr/bin/apt-get')) {
      console.log("[ensure] installing Debian's chromium package");
      const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
      const ok =
        spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env }).status === 0 &&
        spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env })
          .status === 0;
      if (!ok || !haveBrowser()) process.exit(1);
    } else {
      console.error(
        '[ensure] No Chromium available. Install one: `npx playwright install chromium`, ' +
          '`sudo apt-get install chromium`, or set E2E_BROWSER_PATH.',
      );
      process.exit(1);
    }
  }
}
