/** `enclave import slack PATH` (full import): see `services/import/slack-import.ts`. */

/** Imports the export at `path`; returns the exit code. */
export async function importCommand(path: string, _opts: { as?: string | undefined }): Promise<number> {
  process.stderr.write(`enclave import: importing ${path} is not available yet; use --report-only\n`);
  return 2;
}
