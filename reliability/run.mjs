#!/usr/bin/env node
// `npm run test:reliability [-- --full]`: --full fuzzes 10,000 cases per route instead of 500.
import { spawnSync } from 'node:child_process';
const args = process.argv.slice(2);
const full = args.includes('--full');
const rest = args.filter((a) => a !== '--full');
const env = { ...process.env, ...(full ? { FUZZ_RUNS: '10000' } : {}) };
const r = spawnSync('npx', ['vitest', 'run', '--config', 'reliability/vitest.config.ts', ...rest], { stdio: 'inherit', env });
process.exit(r.status ?? 2);
