import { Module } from '@nestjs/common';
import { FactoryModule } from '../factory/factory.module';
import { SseResponseModule } from '../sse-response/sse-response.module';
import { UpstreamModule } from '../translation/upstream/upstream.module';
import { TransparentService } from './transparent.service';

/** The transparent routes' forwarding: client body to Factory with the Factory edits, the answer back untouched. */
@Module({
  imports: [FactoryModule, UpstreamModule, SseResponseModule],
  providers: [TransparentService],
  exports: [TransparentService],
})
export class TransparentModule {}
