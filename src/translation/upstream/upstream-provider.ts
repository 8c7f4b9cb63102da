import type { UpstreamType } from '../../config/app-config';
import type { UpstreamCodec } from '../hub/hub-codec';

/** The injection token under which every upstream provider is collected. */
export const UPSTREAM_PROVIDERS = Symbol('UPSTREAM_PROVIDERS');

/**
 * Everything the gateway knows about one upstream API family, in one class per type (its folder holds the rest): the
 * codec between the hub and the upstream's wire format.
 */
export interface UpstreamProvider {
  readonly type: UpstreamType;
  readonly codec: UpstreamCodec;
}
