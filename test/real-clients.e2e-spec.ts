import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startGatewayWithFake, type Gateway } from './support/gateway-fixture';
import { OutsideGuard } from './support/outside-guard';
import { itWithClient, runClaude, runCodex } from './support/real-clients';
import type { RecordedRequest } from './support/recorded-request';
import { hasToolResult, textAnswer, toolLoop, type LoopFamily } from './support/tool-loop';

/** A gateway model per upstream type, with the fake's route and API family behind it. */
const UPSTREAMS = {
  anthropic: { model: 'claude-auto', path: '/a/v1/messages', family: 'anthropic' },
  openai: { model: 'gpt-auto', path: '/o/v1/responses', family: 'responses' },
  common: { model: 'glm-common', path: '/o/v1/chat/completions', family: 'chat' },
  google: { model: 'gemini-auto', path: '/g/v1/generate', family: 'google' },
} as const satisfies Record<string, { model: string; path: string; family: LoopFamily }>;
type UpstreamName = keyof typeof UPSTREAMS;

const TOOL_OUTPUT = 'tool-ran-7f3a';

/**
 * The real Claude Code and Codex CLIs, pinned in scripts/real-clients.json, driven non-interactively through the
 * gateway against the fake upstream, on a model of every upstream type (their own family transparently, the others
 * through the translation hub): a text turn and a tool loop whose tool the CLI really executes in a temp dir.
 * Nothing may leave the machine: every non-loopback connection goes to a refusing proxy that must stay unused.
 */
describe('real clients through the gateway', () => {
  let gw: Gateway;
  let guard: OutsideGuard;

  beforeAll(async () => {
    gw = await startGatewayWithFake();
    guard = await OutsideGuard.start();
  });
  afterEach(() => {
    gw.fake.reset();
    const attempts = guard.attempts.splice(0);
    expect(attempts).toEqual([]);
  });
  afterAll(async () => {
    await guard?.close();
    await gw?.close();
  });

  const requestsWithResult = (upstream: UpstreamName): RecordedRequest[] =>
    gw.fake.requestsTo(UPSTREAMS[upstream].path).filter((request) => hasToolResult(UPSTREAMS[upstream].family, request));

  describe('Claude Code (claude -p)', () => {
    const cases: UpstreamName[] = ['anthropic', 'openai', 'common', 'google'];

    describe.each(cases)('on the %s model', (upstream) => {
      const { model, path, family } = UPSTREAMS[upstream];

      itWithClient('claude', 'completes a text turn', async () => {
        gw.fake.scriptAlways(path, textAnswer(family, 'Hello from the fake upstream.'));
        const run = await runClaude({ gatewayUrl: gw.app.url, model, prompt: 'Say hello', guard });
        run.cleanup();

        expect(run.code).toBe(0);
        expect(run.json).toMatchObject({ is_error: false, result: 'Hello from the fake upstream.' });
        expect(gw.fake.requestsTo(path).length).toBeGreaterThan(0);
      });

      itWithClient('claude', 'completes a tool loop: the model asks for Bash, Claude Code runs it and the result goes back', async () => {
        gw.fake.scriptAlways(
          path,
          toolLoop(family, {
            call: { name: 'Bash', input: { command: `echo ${TOOL_OUTPUT} > out.txt && cat out.txt`, description: 'Write a file' } },
            finalText: 'The file is written.',
          }),
        );
        const run = await runClaude({ gatewayUrl: gw.app.url, model, prompt: 'Write the marker into out.txt', guard, allowedTools: ['Bash'] });
        const written = readFileSync(join(run.work, 'out.txt'), 'utf8');
        run.cleanup();

        expect(run.code).toBe(0);
        expect(run.json).toMatchObject({ is_error: false, result: 'The file is written.' });
        expect(written).toBe(`${TOOL_OUTPUT}\n`);
        const withResult = requestsWithResult(upstream);
        expect(withResult.length).toBeGreaterThan(0);
        expect(JSON.stringify(withResult[0].body)).toContain(TOOL_OUTPUT);
      });
    });
  });

  describe('Codex CLI (codex exec --json)', () => {
    const cases: UpstreamName[] = ['openai', 'anthropic', 'common', 'google'];

    describe.each(cases)('on the %s model', (upstream) => {
      const { model, path, family } = UPSTREAMS[upstream];

      itWithClient('codex', 'completes a text turn', async () => {
        gw.fake.scriptAlways(path, textAnswer(family, 'Hello from the fake upstream.'));
        const run = await runCodex({ gatewayUrl: gw.app.url, model, prompt: 'Say hello', guard });
        run.cleanup();

        expect(run.code).toBe(0);
        expect(run.events.map((event) => event.type)).toContain('turn.completed');
        expect(run.events.filter((event) => event.type === 'turn.failed')).toEqual([]);
        const messages = run.events.filter((event) => event.item?.type === 'agent_message').map((event) => event.item?.text);
        expect(messages).toEqual(['Hello from the fake upstream.']);
      });

      itWithClient('codex', 'completes a tool loop: the model asks for exec_command, Codex runs it and the output goes back', async () => {
        gw.fake.scriptAlways(
          path,
          toolLoop(family, { call: { name: 'exec_command', input: { cmd: `echo ${TOOL_OUTPUT} > out.txt && cat out.txt` } }, finalText: 'The file is written.' }),
        );
        const run = await runCodex({ gatewayUrl: gw.app.url, model, prompt: 'Write the marker into out.txt', guard });
        const written = readFileSync(join(run.work, 'out.txt'), 'utf8');
        run.cleanup();

        expect(run.code).toBe(0);
        expect(written).toBe(`${TOOL_OUTPUT}\n`);
        const commands = run.events.filter((event) => event.type === 'item.completed' && event.item?.type === 'command_execution');
        expect(commands.map((event) => event.item?.exit_code)).toEqual([0]);
        const messages = run.events.filter((event) => event.item?.type === 'agent_message').map((event) => event.item?.text);
        expect(messages).toEqual(['The file is written.']);
        const withResult = requestsWithResult(upstream);
        expect(withResult.length).toBeGreaterThan(0);
        expect(JSON.stringify(withResult[0].body)).toContain(TOOL_OUTPUT);
      });
    });
  });
});

