/**
 * `enclave demo`: seeds an empty data folder with the demo workspace (see
 * `services/cases/demo-seed.ts`) and prints the staff logins once. Exit 2 when the folder already
 * has accounts or on I/O errors. `enclave serve --demo` seeds (when empty) then serves.
 */
import { loadConfig } from '../config/index.ts';
import { buildContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { seedDemo, type DemoLogin } from '../services/cases/demo-seed.ts';

/** The text printed after seeding (passwords shown only here). */
export function loginsText(logins: DemoLogin[], cases: number): string {
  const rows = logins.map((l) => `  ${l.role.padEnd(16)} ${l.email.padEnd(22)} ${l.password}`).join('\n');
  return `Demo workspace seeded: ${cases} complaints. Sign in with (shown once):\n${rows}\n`;
}

export async function run(args: string[]): Promise<number> {
  if (args.length > 0) {
    process.stderr.write('usage: enclave demo\n');
    return 2;
  }
  try {
    const ctx = await buildContext(loadConfig());
    try {
      const { logins, cases } = await seedDemo(ctx);
      process.stdout.write(loginsText(logins, cases));
      return 0;
    } finally {
      await ctx.close();
    }
  } catch (err) {
    process.stderr.write(`enclave demo: ${err instanceof AppError || err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
}
