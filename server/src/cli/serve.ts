/**
 * `enclave serve`: applies migrations, builds the web app if needed, listens on HOST:PORT,
 * prints the one-time setup link while no account exists. SIGTERM/SIGINT drain gracefully:
 * stop accepting, close stream sockets with 1001, finish in-flight requests and writes, close
 * the database. The vault's master key must be usable (else exit 2 with the reason); audit
 * checkpoints are signed while running and once more at shutdown. `ENCLAVE_WEB_DIR` (default `<repo>/web`) is the web workspace whose `dist/` is served.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../app.ts';
import { ConfigError, loadConfig } from '../config/index.ts';
import { buildContext, type AppContext } from '../context.ts';
import { startRetentionJob } from '../services/cases/retention-job.ts';
import { startEventRetentionJob } from '../services/chat/event-retention.ts';
import { seedDemo } from '../services/cases/demo-seed.ts';
import { loginsText } from './demo.ts';
import { ensureWebBuilt } from '../http/web-static.ts';
import { CLOSE } from '../realtime/hub.ts';
import { KeyFileError, publishCheckpointToOfficers, startAuditCheckpointsFromConfig, type AuditCheckpointer } from '../services/audit/index.ts';
import { MasterKeyError } from '../services/vault/index.ts';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export async function run(args: string[]): Promise<number> {
  const demo = args.includes('--demo');
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`enclave serve: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  let ctx: AppContext;
  try {
    ctx = await buildContext(config);
  } catch (err) {
    if (err instanceof MasterKeyError || err instanceof KeyFileError || err instanceof ConfigError) {
      process.stderr.write(`enclave serve: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  let checkpointer: AuditCheckpointer;
  try {
    checkpointer = startAuditCheckpointsFromConfig(ctx.db, config, {
      logger: ctx.logger,
      // Every checkpoint also reaches each privacy officer's stream (a copy off the machine).
      publish: (cp) => void publishCheckpointToOfficers(ctx.write, cp).catch((err: unknown) => ctx.logger.error({ err }, 'audit checkpoint not sent to privacy officers')),
    });
  } catch (err) {
    await ctx.close();
    if (err instanceof KeyFileError || err instanceof RangeError || err instanceof ConfigError) {
      process.stderr.write(`enclave serve: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const webRoot = resolve(process.env.ENCLAVE_WEB_DIR || resolve(REPO_ROOT, 'web'));
  try {
    await ensureWebBuilt(webRoot, (m) => ctx.logger.info(m));
  } catch (err) {
    ctx.logger.error({ err }, 'web app build failed; serving the API only');
  }
  let demoText = '';
  if (demo && ctx.setup.token) {
    const seeded = await seedDemo(ctx);
    ctx.setup.token = null;
    demoText = loginsText(seeded.logins, seeded.cases);
  }
  const app = await buildApp(ctx, { webRoot });
  const stopRetention = startRetentionJob(ctx);
  const stopEventRetention = startEventRetentionJob(ctx, { perScope: config.eventRetention.perUser, days: config.eventRetention.days, everyMinutes: config.eventRetention.everyMinutes });
  await app.listen({ port: config.port, host: config.host });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const origin = config.publicUrl.endsWith(`:${config.port}`) && config.port === 0 ? config.publicUrl.replace(/:0$/, `:${port}`) : config.publicUrl;
  const setupLine = ctx.setup.token ? `No accounts yet. Open this one-time setup link to create the first admin:\n  ${origin}/setup#token=${ctx.setup.token}\n` : '';
  process.stdout.write(`${demoText}${setupLine}Enclave listening on ${origin}\n`);

  return new Promise<number>((done) => {
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      ctx.logger.info({ signal }, 'shutting down');
      ctx.hub.closeAll(CLOSE.goingAway, 'server shutting down');
      // Connections that go idle while draining (keep-alive, after their in-flight request was
      // answered) are closed at once: close() would otherwise wait out the keep-alive timeout (72 s).
      const reapIdle = setInterval(() => app.server.closeIdleConnections(), 200);
      try {
        await app.close().finally(() => clearInterval(reapIdle));
        await checkpointer.stop();
        stopRetention();
        stopEventRetention();
        await ctx.close();
        done(0);
      } catch (err) {
        ctx.logger.error({ err }, 'shutdown failed');
        done(1);
      }
    };
    process.once('SIGTERM', () => void stop('SIGTERM'));
    process.once('SIGINT', () => void stop('SIGINT'));
  });
}
