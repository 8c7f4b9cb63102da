import { Module } from '@nestjs/common';
import { FactoryModule } from '../factory/factory.module';
import { SseResponseModule } from '../sse-response/sse-response.module';
import { UpstreamModule } from '../translation/upstream/upstream.module';
import { HubRouteService } from './hub-route.service';

/** The translation hub's call path, used by every client API route for models of another family. */
@Module({
  imports: [FactoryModule, SseResponseModule, UpstreamModule],
  providers: [HubRouteService],
  exports: [HubRouteService],
})
export class HubRouteModule {}
