/** `enclave scan`. STUB: not implemented yet. */
export async function run(_args: string[]): Promise<number> {
  process.stderr.write('enclave scan: not implemented yet\n');
  return 2;
}
