import { Module } from '@nestjs/common';
import { AnthropicStrategy } from './anthropic/anthropic.strategy';
import { CommonStrategy } from './common/common.strategy';
import { GoogleStrategy } from './google/google.strategy';
import { PROVIDER_STRATEGIES, type ProviderStrategy } from './provider-strategy';
import { ProviderStrategyRegistry } from './provider-strategy.registry';
import { ResponsesStrategy } from './responses/responses.strategy';

const STRATEGIES = [AnthropicStrategy, ResponsesStrategy, CommonStrategy, GoogleStrategy];

/** Chat Completions <-> every upstream type. Import it and inject ProviderStrategyRegistry. */
@Module({
  providers: [
    ...STRATEGIES,
    {
      provide: PROVIDER_STRATEGIES,
      useFactory: (...strategies: ProviderStrategy[]) => strategies,
      inject: STRATEGIES,
    },
    ProviderStrategyRegistry,
  ],
  exports: [ProviderStrategyRegistry],
})
export class TranslationModule {}
