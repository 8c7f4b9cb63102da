import { Inject, Injectable } from '@nestjs/common';
import type { UpstreamType } from '../../config/app-config';
import { UPSTREAM_PROVIDERS, type UpstreamProvider } from './upstream-provider';

/** The provider for each upstream type; asking for a type without one is a wiring bug, so it throws. */
@Injectable()
export class UpstreamProviderRegistry {
  private readonly byType: ReadonlyMap<UpstreamType, UpstreamProvider>;

  constructor(@Inject(UPSTREAM_PROVIDERS) providers: UpstreamProvider[]) {
    const byType = new Map<UpstreamType, UpstreamProvider>();
    for (const provider of providers) {
      if (byType.has(provider.type)) throw new Error(`Two upstream providers for type '${provider.type}'`);
      byType.set(provider.type, provider);
    }
    this.byType = byType;
  }

  forType(type: UpstreamType): UpstreamProvider {
    const provider = this.byType.get(type);
    if (!provider) throw new Error(`No upstream provider for type '${String(type)}'`);
    return provider;
  }
}
