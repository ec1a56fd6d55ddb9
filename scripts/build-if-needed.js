#!/usr/bin/env node
/** `npm start` builds only when dist/ is missing or older than the sources. */
const { existsSync, statSync, readdirSync } = require('node:fs');
const { join } = require('node:path');
const { execFileSync } = require('node:child_process');

const root = join(__dirname, '..');
const entry = join(root, 'dist', 'src', 'start.js');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

const sources = ['src', 'migrations'].map((d) => join(root, d)).filter(existsSync);
const stale = !existsSync(entry) || sources.some((d) => newestMtime(d) > statSync(entry).mtimeMs);
if (stale) {
  process.stdout.write('Building advisory-crm…\n');
  execFileSync(process.execPath, [require.resolve('@nestjs/cli/bin/nest.js'), 'build'], { cwd: root, stdio: 'inherit' });
}
