/**
 * The "protection OFF" server of the benchmark: the same server code as `bin/enclave serve`
 * (config from the environment, `buildContext`, `buildApp`, listen) but with the message guard
 * replaced by the server's own `passThroughGuard` through `ContextOverrides.guard` — the server
 * has no configuration switch to turn protection off (none is wanted outside benchmarks).
 * Prints `Enclave listening on URL` like `serve`; SIGTERM/SIGINT close it.
 */
import { buildApp } from '../../server/src/app.ts';
import { loadConfig } from '../../server/src/config/index.ts';
import { buildContext } from '../../server/src/context.ts';
import { passThroughGuard } from '../../server/src/services/chat/guard.ts';

const config = loadConfig();
const ctx = await buildContext(config, { guard: passThroughGuard });
const app = await buildApp(ctx, { webRoot: process.env.ENCLAVE_WEB_DIR ?? '' });
await app.listen({ port: config.port, host: config.host });
const addr = app.server.address();
const port = typeof addr === 'object' && addr ? addr.port : config.port;
process.stdout.write(`Enclave listening on http://${config.host}:${port}\n`);
const stop = (): void => {
  void app
    .close()
    .then(() => ctx.close())
    .finally(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
