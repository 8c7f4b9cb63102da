import { Module } from '@nestjs/common';
import { UPSTREAM_PROVIDERS, type UpstreamProvider } from './upstream-provider';
import { UpstreamProviderRegistry } from './upstream-provider.registry';
import { UPSTREAM_PROVIDER_CLASSES } from './upstream-providers';

/** Every upstream type's provider behind UpstreamProviderRegistry, for the Factory call, the routes and the hub. */
@Module({
  providers: [
    ...UPSTREAM_PROVIDER_CLASSES,
    {
      provide: UPSTREAM_PROVIDERS,
      useFactory: (...providers: UpstreamProvider[]) => providers,
      inject: UPSTREAM_PROVIDER_CLASSES,
    },
    UpstreamProviderRegistry,
  ],
  exports: [UpstreamProviderRegistry],
})
export class UpstreamModule {}
