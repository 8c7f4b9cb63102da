/** A configuration problem: the message names the file, the field path and what is wrong. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
