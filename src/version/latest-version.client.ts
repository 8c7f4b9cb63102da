import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { Agent, request, type Dispatcher } from 'undici';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { OutboundProxyRotation, dispatcherOptions } from '../proxy/outbound-proxy-rotation';

/** A LATEST file is a few bytes; anything longer is not one. */
const MAX_BODY_BYTES = 1_024;

/** Reads a small text resource, such as Factory's LATEST file; rejects on any status but 200. */
export interface LatestVersionSource {
  fetchText(url: string, signal: AbortSignal): Promise<string>;
}

/**
 * GETs through the configured outbound proxies in turn, like every other call to Factory. UpstreamClient only POSTs
 * (the LATEST file is a static download), so this keeps its own rotation over the same proxy list; the UpstreamClient
 * already warned about unusable entries.
 */
@Injectable()
export class LatestVersionClient implements LatestVersionSource, OnModuleDestroy {
  private readonly direct: Dispatcher;
  private readonly proxies: OutboundProxyRotation;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.direct = new Agent(dispatcherOptions(config.timeouts));
    this.proxies = new OutboundProxyRotation(config.proxies, config.timeouts, () => undefined);
  }

  async fetchText(url: string, signal: AbortSignal): Promise<string> {
    const route = this.proxies.next();
    const response = await request(url, { method: 'GET', signal, dispatcher: route?.dispatcher ?? this.direct });
    if (response.statusCode !== 200) {
      await response.body.dump();
      throw new Error(`HTTP ${response.statusCode}${route ? ` via proxy ${route.name}` : ''}`);
    }
    let text = '';
    for await (const chunk of response.body) {
      text += (chunk as Buffer).toString('utf8');
      if (text.length > MAX_BODY_BYTES) {
        response.body.destroy();
        throw new Error(`response longer than ${MAX_BODY_BYTES} bytes`);
      }
    }
    return text;
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([this.direct.close(), this.proxies.close()]);
  }
}
