import type { ApiFamily } from './api-family';
import { type Behaviour, classifyBehaviour, type CommonBehaviour, shapingOf } from './fake-behaviour';
import { fixtureFrames } from './fixture-replay';
import type { RecordedRequest } from './recorded-request';
import type { ReplyChannel } from './reply-channel';
import { writeEventStream } from './sse-writer';
import { describeStatus, fillerText, type IdSource } from './wire-helpers';

/**
 * Where a behaviour is played: the route's API (error shapes, scripted answers) and, for routes that are not a
 * plain LLM call, their own unscripted answer. LLM routes default to the family's echo answer.
 */
export interface RouteTarget {
  family: ApiFamily<unknown> | undefined;
  serveDefault?: () => Promise<void> | void;
}

/** Plays one behaviour (or the route's default) on one exchange. */
export async function respondWith(
  behaviour: Behaviour | undefined,
  target: RouteTarget,
  request: RecordedRequest,
  channel: ReplyChannel,
  ids: IdSource,
): Promise<void> {
  if (behaviour && 'decide' in behaviour) return respondWith(behaviour.decide(request), target, request, channel, ids);
  const options = shapingOf(behaviour);
  if (options.hangMs) await channel.pause(options.hangMs);
  if (channel.done) return;
  const extraHeaders = options.headers ?? {};
  const family = target.family;
  const classified = classifyBehaviour(behaviour);
  switch (classified.kind) {
    case 'default':
      if (target.serveDefault) return target.serveDefault();
      if (!family) return misuse(channel, `no default answer for ${request.path}`);
      return playScript(family, family.defaultScript(request), request, channel, ids, options);
    case 'custom':
      return classified.handler(request, channel.res);
    case 'reply': {
      const { status, body } = classified.reply;
      const payload = body ?? family?.errorBody(status, { message: describeStatus(status) }) ?? { error: describeStatus(status) };
      if (typeof payload === 'string') channel.sendText(status, payload, { 'content-type': 'text/plain', ...extraHeaders });
      else channel.sendJson(status, payload, extraHeaders);
      return;
    }
    case 'garbage': {
      // The content type the client expects, with a body it cannot parse: a misbehaving proxy in front of the API.
      const streaming = family?.wantsStream(request) ?? false;
      channel.sendText(200, classified.text, {
        'content-type': streaming ? 'text/event-stream' : 'application/json',
        ...extraHeaders,
      });
      return;
    }
    case 'fixture': {
      const headers = { ...(family?.streamHeaders ?? { 'content-type': 'text/event-stream' }), ...extraHeaders };
      return writeEventStream(channel, headers, fixtureFrames(classified.fixture), options);
    }
    case 'scripted':
    case 'large': {
      if (!family) return misuse(channel, `${classified.kind} behaviour on ${request.path}, which is not an LLM route`);
      const script =
        classified.kind === 'large'
          ? family.textScript(fillerText(classified.bytes), classified.deltaBytes)
          : family.scriptOf(behaviour);
      if (script === undefined) return misuse(channel, `the scripted answer does not match the ${family.name} route ${request.path}`);
      return playScript(family, script, request, channel, ids, options);
    }
    default: {
      const unknownKind: never = classified;
      throw new Error(`unhandled behaviour ${JSON.stringify(unknownKind)}`);
    }
  }
}

/** JSON or SSE, as the request asked. */
async function playScript(
  family: ApiFamily<unknown>,
  script: unknown,
  request: RecordedRequest,
  channel: ReplyChannel,
  ids: IdSource,
  options: CommonBehaviour,
): Promise<void> {
  const extraHeaders = options.headers ?? {};
  if (!family.wantsStream(request)) {
    channel.sendJson(200, family.toJson(script, request, ids), extraHeaders);
    return;
  }
  await writeEventStream(channel, { ...family.streamHeaders, ...extraHeaders }, family.toFrames(script, request, ids), options);
}

/** A test scripted something this route cannot play; a loud 500 beats a silently wrong answer. */
function misuse(channel: ReplyChannel, message: string): void {
  channel.sendJson(500, { error: { message: `FakeUpstream misuse: ${message}` } });
}
