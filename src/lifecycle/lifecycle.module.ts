import { Global, Module } from '@nestjs/common';
import { HealthModule } from '../health/health.module';
import { DrainService } from './drain.service';

/**
 * Global for its place in the shutdown order, not for visibility (the modules that use DrainService import this one):
 * Nest runs beforeApplicationShutdown hooks nearest module first and global modules last, so the drain starts only
 * after terminus has switched /health to `shutting_down`. As an ordinary import it would run first, and readiness
 * would report a plain error during the whole grace period.
 */
@Global()
@Module({ imports: [HealthModule], providers: [DrainService], exports: [DrainService] })
export class LifecycleModule {}
