import { isIP } from 'node:net';
import type { CredentialSourceName } from '../credentials/credential-source';

/** What decides whether the gateway is open to anyone who reaches its port. */
export interface ExposureFacts {
  /** HOST, the address the server binds. */
  host: string;
  port: number;
  /** Whether inbound keys (PROXY_API_KEYS / PROXY_API_KEYS_FILE) are required. */
  keysRequired: boolean;
  /** Where the upstream credential comes from; `client` means each caller brings their own. */
  source: CredentialSourceName;
}

const CREDENTIAL_NAMES: Readonly<Record<Exclude<CredentialSourceName, 'client'>, string>> = {
  accounts: 'the accounts pool',
  'factory-api-key': 'FACTORY_API_KEY',
  'droid-refresh-key': 'DROID_REFRESH_KEY',
  'factory-auth-file': 'the Factory CLI login (auth.json)',
};

/**
 * The one warning for a gateway that spends its own Factory credential for anyone who can reach it: bound beyond
 * loopback, with no inbound keys. Undefined when it is not open (loopback only, keys on, or client mode, where each
 * caller spends their own credential).
 */
export function openGatewayWarning({ host, port, keysRequired, source }: ExposureFacts): string | undefined {
  if (keysRequired || source === 'client' || isLoopback(host)) return undefined;
  const where = host === '' || host === '0.0.0.0' || host === '::' ? `all interfaces (${host || '0.0.0.0'})` : host;
  return (
    `Open gateway: it listens on ${where} port ${port} with ${CREDENTIAL_NAMES[source]} and no inbound keys, so anyone ` +
    'who can reach it spends that Factory credential. Set PROXY_API_KEYS (or PROXY_API_KEYS_FILE) to require a key, ' +
    'or HOST=127.0.0.1 to keep it on this machine.'
  );
}

function isLoopback(host: string): boolean {
  const name = host.toLowerCase();
  if (name === 'localhost') return true;
  if (isIP(name) === 4) return name.startsWith('127.');
  return name === '::1';
}
