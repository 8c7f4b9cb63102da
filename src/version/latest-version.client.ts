import { Injectable } from '@nestjs/common';
import { UpstreamClient } from '../outbound/upstream-client.service';
import { discardBody, readBodyText } from '../outbound/read-body';

/** A LATEST file is a few bytes; anything longer is not one. */
const MAX_BODY_BYTES = 1_024;

/** Reads a small text resource, such as Factory's LATEST file; rejects on any status but 200. */
export interface LatestVersionSource {
  fetchText(url: string, signal: AbortSignal): Promise<string>;
}

/** GETs through the UpstreamClient, so the version check takes its turn in the outbound proxy rotation like any call. */
@Injectable()
export class LatestVersionClient implements LatestVersionSource {
  constructor(private readonly client: UpstreamClient) {}

  async fetchText(url: string, signal: AbortSignal): Promise<string> {
    const response = await this.client.get(url, signal);
    const via = response.route === 'direct' ? '' : ` via proxy ${response.route}`;
    if (response.status !== 200) {
      discardBody(response.body);
      throw new Error(`HTTP ${response.status}${via}`);
    }
    return readBodyText(response.body, MAX_BODY_BYTES);
  }
}
