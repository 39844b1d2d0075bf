/**
 * `bin/enclave` entry: dispatches to one module per command (see PRODUCT.md, "Interfaces that stay stable").
 * Exit codes: 0 success, 1 "found"/"failed check" where a command says so, 2 usage or I/O error.
 */

/** A command module: runs with the arguments after its name, returns the exit code. */
export interface CommandModule {
  run(args: string[]): Promise<number>;
}

const COMMANDS: Record<string, () => Promise<CommandModule>> = {
  serve: () => import('./serve.ts'),
  users: () => import('./users.ts'),
  scan: () => import('./scan.ts'),
  audit: () => import('./audit.ts'),
  keys: () => import('./keys.ts'),
  integrations: () => import('./integrations.ts'),
  intake: () => import('./intake.ts'),
  demo: () => import('./demo.ts'),
  pdq: () => import('./pdq.ts'),
  hashlist: () => import('./hashlist.ts'),
  import: () => import('./import.ts'),
  webhooks: () => import('./webhooks.ts'),
  db: () => import('./db.ts'),
};

const USAGE = `usage: enclave <command> [options]

commands:
  serve                     start the server (PORT, HOST, ENCLAVE_DATA_DIR, DATABASE_URL)
  users add --email E --name N --role R [--password-stdin] [--init]
  scan [--show-values] [--jsonl] [FILE...]
  audit verify [--public-key PATH | --fingerprint SHA256HEX] [--checkpoint-file FILE]
  audit checkpoint | audit public-key
  keys rotate
  integrations add --name N | rotate --id ID [--overlap-minutes M]
  intake send --integration ID --secret-stdin FILE
  pdq FILE...               print '<PDQ hash> <quality> <file>' per image
  hashlist import --name N [--threshold D] FILE | hashlist list | hashlist delete --id ID
  import slack PATH [--report-only] [--out DIR] [--as EMAIL]
  webhooks add --channel ID --name N | disable --id ID
  db migrate [--init]       apply pending database migrations and exit
  demo                      seed an empty data folder with a demo workspace (serve --demo: seed, then serve)
`;

/** Runs the command named by `argv[0]`; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE);
    return name ? 0 : 2;
  }
  const load = COMMANDS[name];
  if (!load) {
    process.stderr.write(`enclave: unknown command '${name}'\n${USAGE}`);
    return 2;
  }
  const mod = await load();
  return mod.run(rest);
}
