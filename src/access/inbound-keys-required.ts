import type { AppConfig } from '../config/app-config';

/**
 * Whether inbound access keys are on. When they are, the key a client sends authenticates it to the gateway only:
 * it is stripped before the handler runs and must never be used as the upstream credential.
 */
export function inboundKeysRequired(config: Pick<AppConfig, 'inboundKeys' | 'inboundKeysFile'>): boolean {
  return config.inboundKeys.length > 0 || Boolean(config.inboundKeysFile);
}
