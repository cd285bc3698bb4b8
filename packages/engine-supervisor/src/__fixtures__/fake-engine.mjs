#!/usr/bin/env node
// A stand-in for an engine server, for fast supervisor tests. It behaves like the real ones while loading
// (specs/engines/cross-engine.md E.11): `llamacpp` answers 503 "Loading model" on every route, `refuse` does not listen
// until loaded (vLLM, TGI), `triton` answers 400 on /v2/health/ready. Every answer is logged as a line.
//
// Flags: --port N  --host H  --mode llamacpp|refuse|triton  --load-ms N  --crash-after-ms N
//        --crash-code N  --crash-once-file PATH (crash only if PATH does not exist; creates it)
//        --exit-at-start N (print an error and exit with N at once)  --ignore-sigterm
//        --spawn-child (start a grandchild that sleeps; its pid is printed)  --print-env NAME
//        --model PATH (must exist when given)  --fail-start-while-file PATH (exit 5 while PATH exists)
//        --api-key KEY (accepted and ignored)
//        --ready-when-file PATH (stay loading until PATH exists, whatever --load-ms says: for tests that
//        must see the loading state without depending on timing)
// --crash-after-ms counts from the first ready health answer, so an engine always reaches `ready` first.
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';

function readFlags(argv) {
  const flags = new Map();
  for (let index = 0; index < argv.length; index += 1) {
    const name = argv[index];
    if (!name.startsWith('--')) {
      console.error(`error: unexpected argument: ${name}`);
      process.exit(64);
    }
    const next = argv[index + 1];
    if (next === undefined || next.startsWith('--')) flags.set(name.slice(2), 'true');
    else {
      flags.set(name.slice(2), next);
      index += 1;
    }
  }
  return flags;
}

const flags = readFlags(process.argv.slice(2));
const known = new Set([
  'port',
  'host',
  'mode',
  'load-ms',
  'crash-after-ms',
  'crash-code',
  'crash-once-file',
  'exit-at-start',
  'ignore-sigterm',
  'spawn-child',
  'print-env',
  'model',
  'api-key',
  'fail-start-while-file',
  'ready-when-file',
]);
for (const name of flags.keys()) {
  if (!known.has(name)) {
    console.error(`error: invalid argument: --${name}`);
    process.exit(1);
  }
}

const port = Number(flags.get('port') ?? '0');
const host = flags.get('host') ?? '127.0.0.1';
const mode = flags.get('mode') ?? 'llamacpp';
const loadMs = Number(flags.get('load-ms') ?? '0');

console.log(`fake-engine: pid ${process.pid} mode ${mode} port ${port}`);
if (flags.has('print-env')) {
  const name = flags.get('print-env');
  console.log(`fake-engine: env ${name}=${process.env[name] ?? '<unset>'}`);
}
if (flags.has('exit-at-start')) {
  console.error('fake-engine: error: refusing to start (--exit-at-start)');
  process.exit(Number(flags.get('exit-at-start')));
}
if (flags.has('fail-start-while-file') && existsSync(flags.get('fail-start-while-file'))) {
  console.error('fake-engine: error: blocked by --fail-start-while-file');
  process.exit(5);
}
if (flags.has('model') && !existsSync(flags.get('model'))) {
  console.error(`fake-engine: error: failed to open model file '${flags.get('model')}'`);
  process.exit(1);
}
if (flags.has('spawn-child')) {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  console.log(`fake-engine: child pid ${child.pid}`);
}

process.on('SIGTERM', () => {
  if (flags.has('ignore-sigterm')) {
    console.error('fake-engine: ignoring SIGTERM');
    return;
  }
  console.error('fake-engine: SIGTERM, shutting down');
  process.exit(0);
});

const startedAt = Date.now();
const readyFile = flags.get('ready-when-file');
const isLoaded = () => (readyFile === undefined ? Date.now() - startedAt >= loadMs : existsSync(readyFile));
const healthPath = mode === 'triton' ? '/v2/health/ready' : '/health';

const server = createServer((request, response) => {
  const loaded = isLoaded();
  let status;
  let body;
  if (mode === 'llamacpp' && !loaded) {
    status = 503;
    body = JSON.stringify({ error: { code: 503, message: 'Loading model', type: 'unavailable_error' } });
  } else if (request.url === healthPath) {
    status = loaded ? 200 : 400;
    body = mode === 'triton' ? '' : JSON.stringify({ status: 'ok' });
  } else {
    status = 404;
    body = JSON.stringify({ error: { code: 404, message: 'File Not Found', type: 'not_found_error' } });
  }
  console.log(`fake-engine: ${request.method} ${request.url} ${status}`);
  if (request.url === healthPath && status === 200) armCrash();
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(body);
});

function listen() {
  server.listen(port, host, () => console.error(`fake-engine: listening on http://${host}:${port}`));
}

server.on('error', (error) => {
  console.error(`fake-engine: error: ${error.message}`);
  process.exit(1);
});

console.error(
  `fake-engine: loading model (${readyFile === undefined ? `${loadMs} ms` : `until ${readyFile} exists`})`,
);
if (mode !== 'refuse') listen();
else if (readyFile === undefined) setTimeout(listen, loadMs);
else {
  const poll = setInterval(() => {
    if (!existsSync(readyFile)) return;
    clearInterval(poll);
    listen();
  }, 10);
}

let crashArmed = false;
function armCrash() {
  if (crashArmed || !flags.has('crash-after-ms')) return;
  crashArmed = true;
  const onceFile = flags.get('crash-once-file');
  const crash = !onceFile || !existsSync(onceFile);
  if (onceFile && crash) writeFileSync(onceFile, 'crashed');
  if (!crash) return;
  setTimeout(
    () => {
      console.error('fake-engine: fatal: simulated crash');
      process.exit(Number(flags.get('crash-code') ?? '70'));
    },
    Number(flags.get('crash-after-ms')),
  );
}
