import { Module } from '@nestjs/common';
import { LifecycleModule } from '../lifecycle/lifecycle.module';
import { SseResponses } from './sse-responses.service';

/** The one SSE writer every streaming route uses, transparent or converted. */
@Module({ imports: [LifecycleModule], providers: [SseResponses], exports: [SseResponses] })
export class SseResponseModule {}
