/**
 * Stopping child processes started by benchmark and evaluation scripts (bench/, eval/).
 */
import type { ChildProcess } from 'node:child_process';

/**
 * Stops `child` with SIGTERM, then SIGKILL after `graceMs` milliseconds; resolves when it has exited
 * (at once if it already has). Never rejects.
 */
export function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((res) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      res();
    });
    child.kill('SIGTERM');
  });
}
