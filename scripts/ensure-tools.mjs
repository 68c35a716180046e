// Makes sure the external tools the tests use are installed: promtool and prometheus (Debian's
// `prometheus` package). Installs them with apt-get when running as root (CI, fresh machines);
// otherwise says what to install and fails, because tests that need them must not be skipped.
import { execFileSync, spawnSync } from 'node:child_process';

const need = ['promtool', 'prometheus'];
const missing = need.filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);
if (missing.length > 0) {
  if (process.getuid?.() !== 0) {
    console.error(`missing ${missing.join(', ')}: install Debian's prometheus package (sudo apt-get install prometheus)`);
    process.exit(1);
  }
  console.log(`installing Debian's prometheus package for ${missing.join(', ')}...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'prometheus'], { stdio: 'inherit', env });
}
