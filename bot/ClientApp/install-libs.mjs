// Installs the prebuilt browser bundles listed in libs.json into the given folder (bot/wwwroot/lib).
// Why not `npm ci`: the two bundles are 3.9 MB, while installing the packages pulls ~490 MB of dependencies
// that the bundles already contain. `npm pack` fetches one tarball per package (through npm's cache and
// registry settings), runs no install scripts, and we verify both the tarball and every file we take from it.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const printHashes = args.includes('--print-hashes');
const outDir = args.find(a => !a.startsWith('--')) ?? join(here, '..', 'wwwroot', 'lib');
const { packages } = JSON.parse(readFileSync(join(here, 'libs.json'), 'utf8'));

const sha256 = buf => createHash('sha256').update(buf).digest('hex');
const sri = buf => 'sha512-' + createHash('sha512').update(buf).digest('base64');

// A tar reader for what npm tarballs hold: ustar headers, GNU long names ('L') and pax headers ('x').
function readTar(buf) {
  const files = new Map();
  let longName = null;
  for (let off = 0; off + 512 <= buf.length;) {
    const header = buf.subarray(off, off + 512);
    if (header.every(b => b === 0)) break;
    const field = (start, len) => header.subarray(start, start + len).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1) || '0';
    const prefix = field(345, 155);
    let name = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    longName = null;
    const body = buf.subarray(off + 512, off + 512 + size);
    if (type === 'L') longName = body.toString('utf8').replace(/\0.*$/s, '');
    else if (type === 'x') {
      const path = /\d+ path=([^\n]*)\n/.exec(body.toString('utf8'));
      if (path) longName = path[1];
    } else if (type === '0') files.set(name, body);
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

function upToDate(pkg) {
  return pkg.files.every(f => {
    const target = join(outDir, f.to);
    return existsSync(target) && sha256(readFileSync(target)) === f.sha256;
  });
}

mkdirSync(outDir, { recursive: true });
for (const pkg of packages) {
  if (!printHashes && upToDate(pkg)) continue;
  const work = mkdtempSync(join(tmpdir(), 'complaintbot-libs-'));
  try {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const packed = execFileSync(npm, ['pack', `${pkg.name}@${pkg.version}`, '--pack-destination', work, '--silent'],
      { encoding: 'utf8', shell: process.platform === 'win32' }).trim().split('\n').pop();
    const tarball = readFileSync(join(work, packed));
    if (printHashes) {
      console.log(`${pkg.name}@${pkg.version} integrity ${sri(tarball)}`);
    } else if (sri(tarball) !== pkg.integrity) {
      throw new Error(`${pkg.name}@${pkg.version}: tarball integrity ${sri(tarball)} is not the pinned ${pkg.integrity}`);
    }
    const entries = readTar(gunzipSync(tarball));
    for (const f of pkg.files) {
      const body = entries.get(f.from);
      if (!body) throw new Error(`${pkg.name}@${pkg.version}: ${f.from} is not in the tarball`);
      if (printHashes) { console.log(`  ${f.from} sha256 ${sha256(body)}`); continue; }
      if (sha256(body) !== f.sha256) throw new Error(`${pkg.name}@${pkg.version}: ${f.from} has sha256 ${sha256(body)}, pinned ${f.sha256}`);
      const target = join(outDir, f.to);
      writeFileSync(target + '.tmp', body);
      renameSync(target + '.tmp', target);
      console.log(`installed ${f.to} from ${pkg.name}@${pkg.version}`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
