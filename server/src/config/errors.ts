/** Error thrown for an invalid environment variable; the message names the variable, never a secret. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
