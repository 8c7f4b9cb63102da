import { Inject, Injectable } from '@nestjs/common';
import type { UpstreamType } from '../config/app-config';
import { PROVIDER_STRATEGIES, type ProviderStrategy } from './provider-strategy';

/** The strategy for each upstream type; asking for a type without one is a wiring bug, so it throws. */
@Injectable()
export class ProviderStrategyRegistry {
  private readonly byType: ReadonlyMap<UpstreamType, ProviderStrategy>;

  constructor(@Inject(PROVIDER_STRATEGIES) strategies: ProviderStrategy[]) {
    this.byType = new Map(strategies.map((strategy) => [strategy.type, strategy]));
  }

  forType(type: UpstreamType): ProviderStrategy {
    const strategy = this.byType.get(type);
    if (!strategy) throw new Error(`No chat translation strategy for upstream type '${String(type)}'`);
    return strategy;
  }
}
