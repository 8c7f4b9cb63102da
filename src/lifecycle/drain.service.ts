import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Server } from 'node:http';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ReadinessRegistry } from '../health/readiness.registry';

/** Something still serving a client that can be closed cleanly (e.g. a stream that can send a final error event). */
export type OpenWork = { close(reason: string): void };

/**
 * Graceful drain: on shutdown readiness turns 503 at once, the server stops accepting connections, in-flight requests
 * get up to the grace period to finish, and whatever is left is closed (streams first get their chance to say why).
 */
@Injectable()
export class DrainService implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('Drain');
  private draining = false;
  private inFlight = 0;
  private readonly openWork = new Set<OpenWork>();
  private idleWaiters: (() => void)[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly readiness: ReadinessRegistry,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    this.readiness.register('lifecycle', () =>
      this.draining ? { ready: false, details: { state: 'draining' } } : { ready: true, details: { state: 'serving' } },
    );
  }

  get isDraining(): boolean {
    return this.draining;
  }

  /**
   * The first step of a SIGTERM: readiness answers 503 while new connections are still accepted and served, for
   * SHUTDOWN_DEREGISTER_MS, so that load balancers and Kubernetes endpoints stop routing here before the listener
   * closes (a closed listener answers "connection refused", which a client sees as a failed request).
   */
  async deregister(signal: string): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    const windowMs = this.config.shutdownDeregisterMs;
    this.logger.log({ signal, windowMs }, 'not ready: still accepting while load balancers deregister this replica');
    await new Promise((resolve) => setTimeout(resolve, windowMs));
  }

  /** Called by the request middleware; returns the function to call when the response is done. */
  trackRequest(): () => void {
    this.inFlight += 1;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.inFlight -= 1;
      if (this.inFlight === 0) this.idleWaiters.splice(0).forEach((resolve) => resolve());
    };
  }

  /** Registers long-lived work (a stream); the returned function unregisters it. */
  registerOpenWork(work: OpenWork): () => void {
    this.openWork.add(work);
    return () => this.openWork.delete(work);
  }

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    this.draining = true;
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    this.logger.log({ signal, inFlight: this.inFlight, graceMs: this.config.shutdownGraceMs }, 'draining');
    server?.close();
    server?.closeIdleConnections();
    const finished = await this.waitForIdle(this.config.shutdownGraceMs);
    if (!finished) {
      this.logger.warn({ inFlight: this.inFlight, streams: this.openWork.size }, 'grace period over; closing what is left');
      for (const work of this.openWork) work.close('The gateway is shutting down');
      // Give the closed streams a moment to write their final error event before sockets are cut.
      await this.waitForIdle(1000);
    }
    // Nothing is being served any more: connections still open are idle keep-alive ones (or half-closed by clients
    // that left); closing them lets the server's close() resolve now instead of after the keep-alive timeout.
    server?.closeAllConnections();
  }

  private waitForIdle(timeoutMs: number): Promise<boolean> {
    if (this.inFlight === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}
