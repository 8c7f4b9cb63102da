import { Logger } from '@nestjs/common';
import { resolve } from 'node:path';
import type { AppConfig, ModelConfig } from '../config/app-config';
import { loadAppConfig } from '../config/load-app-config';
import { ApiError } from '../core/errors/api-error';
import { ModelsService } from './models.service';

const REPO_ROOT = resolve(__dirname, '..', '..');

const model = (id: string, type: ModelConfig['type'] = 'anthropic'): ModelConfig => ({
  name: id,
  id,
  type,
  reasoning: 'auto',
  fast: false,
});

// ModelsService reads only `models` and `modelRedirects`.
const serviceWith = (models: ModelConfig[], modelRedirects: Record<string, string>) =>
  new ModelsService({ models, modelRedirects } as AppConfig);

describe(ModelsService.name, () => {
  describe('precedence', () => {
    const sut = serviceWith(
      [model('opus-4-6'), model('opus-4-5'), model('opus-legacy'), model('sonnet')],
      {
        'opus-4-5': 'opus-legacy', // an exact key that is also a configured id: the redirect wins
        'opus-pinned': 'opus-4-5',
        'opus-*': 'opus-4-6',
        'opus-p*': 'sonnet',
      },
    );

    it('an exact key beats a glob that also matches', () => {
      expect(sut.resolve('opus-pinned').id).toBe('opus-4-5');
    });

    it('a longer glob beats a shorter one', () => {
      expect(sut.resolve('opus-preview').id).toBe('sonnet');
      expect(sut.resolve('opus-9').id).toBe('opus-4-6');
    });

    it('a configured id is not shadowed by a glob it matches', () => {
      expect(sut.resolve('opus-legacy').id).toBe('opus-legacy');
      expect(sut.resolve('opus-4-6').id).toBe('opus-4-6');
    });

    it('an exact redirect applies even to a configured id', () => {
      expect(sut.resolve('opus-4-5').id).toBe('opus-legacy');
    });
  });

  describe('redirect logging', () => {
    const logged = () => (Logger.prototype.log as jest.Mock).mock.calls.filter(([, message]) => message === 'model redirected');
    beforeEach(() => jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined));
    afterEach(() => jest.restoreAllMocks());

    it('logs each (requested, resolved) pair once at info level, with the rule, and never a configured id', () => {
      const sut = serviceWith([model('opus-4-6'), model('haiku')], { 'opus-*': 'opus-4-6', 'claude-haiku': 'haiku' });
      for (const id of ['opus-5', 'opus-5', 'opus-4-6', 'opus-7', 'claude-haiku', 'claude-haiku']) sut.resolve(id);
      expect(logged().map(([fields]) => fields)).toEqual([
        { requested: 'opus-5', resolved: 'opus-4-6', rule: 'opus-*' },
        { requested: 'opus-7', resolved: 'opus-4-6', rule: 'opus-*' },
        { requested: 'claude-haiku', resolved: 'haiku', rule: 'claude-haiku' },
      ]);
    });

    it('stops remembering new pairs past a bound, since clients choose the ids', () => {
      const sut = serviceWith([model('any')], { '*': 'any' });
      for (let i = 0; i < 1_200; i += 1) sut.resolve(`x-${i}`);
      expect(logged()).toHaveLength(1_000);
    });
  });

  describe('unknown ids', () => {
    const sut = serviceWith([model('a'), model('b', 'openai')], {});

    it('find returns undefined', () => {
      expect(sut.find('c')).toBeUndefined();
    });

    it('resolve throws a 404 ApiError listing the configured ids', () => {
      let error: unknown;
      try {
        sut.resolve('c');
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ status: 404, options: { code: 'model_not_found' } });
      expect((error as ApiError).message).toBe("The model 'c' does not exist. Configured models: a, b");
    });
  });

  describe('with the bundled config', () => {
    const config = loadAppConfig({ CONFIG_PATH: 'config/config.json', HOME: '/nonexistent' }, REPO_ROOT);
    const sut = new ModelsService(config);

    it('lists every configured model in config order', () => {
      expect(sut.list().map((entry) => entry.id)).toEqual(config.models.map((entry) => entry.id));
    });

    it('resolves every configured id to itself', () => {
      for (const { id } of config.models) expect(sut.resolve(id).id).toBe(id);
    });

    // Ids Claude Code sends on its own, newest and older: a fresh install must serve them unmodified.
    it.each([
      ['claude-opus-5-5', 'anthropic'],
      ['claude-opus-4-1-20250805', 'anthropic'],
      ['claude-sonnet-4-5-20250929', 'anthropic'],
      ['claude-sonnet-4-20250514', 'anthropic'],
      ['claude-3-7-sonnet-20250219', 'anthropic'],
      ['claude-3-5-haiku-20241022', 'anthropic'],
      ['claude-haiku-4-5', 'anthropic'],
    ])('resolves the Claude Code id %s to a configured %s model', (id, type) => {
      const resolved = sut.resolve(id);
      expect(resolved.type).toBe(type);
      expect(config.models).toContain(resolved);
    });

    it('maps each Claude family to its own family', () => {
      expect(sut.resolve('claude-opus-5-5').id).toMatch(/^claude-opus-/);
      expect(sut.resolve('claude-sonnet-4-5-20250929').id).toMatch(/^claude-sonnet-/);
      expect(sut.resolve('claude-3-5-haiku-20241022').id).toMatch(/^claude-haiku-/);
      expect(sut.resolve('claude-haiku-4-5').id).toMatch(/^claude-haiku-/);
    });

    it('keeps the configured Opus 4.5 and the fast variant instead of redirecting them', () => {
      expect(sut.resolve('claude-opus-4-5-20251101').id).toBe('claude-opus-4-5-20251101');
      expect(sut.resolve('claude-opus-4-6-fast').fast).toBe(true);
    });

    it('rejects an unknown id of no configured family with the configured ids', () => {
      expect(() => sut.resolve('llama-4')).toThrow(/Configured models: claude-opus-4-6, .*gemini-3-flash-preview/);
    });

    // Claude Code's older ids, and retired ids of the other families, land on the newest model of their family rather
    // than on one the Anthropic SDK already announces as deprecated (claude-sonnet-4-5-*).
    it.each([
      ['claude-sonnet-4-20250514', 'claude-sonnet-4-6'],
      ['claude-3-7-sonnet-20250219', 'claude-sonnet-4-6'],
      ['claude-sonnet-4-7', 'claude-sonnet-4-6'],
      ['claude-opus-4-1-20250805', 'claude-opus-4-6'],
      ['claude-haiku-4-5', 'claude-haiku-4-5-20251001'],
      ['gpt-5-codex', 'gpt-5.3-codex'],
      ['gpt-5.1-codex-max', 'gpt-5.3-codex'],
      ['gpt-5.1-codex-mini', 'gpt-5.3-codex'],
      ['gpt-5-mini', 'gpt-5.4-mini'],
      ['gpt-5.1', 'gpt-5.4'],
      ['glm-4.6', 'glm-5'],
      ['kimi-k2-thinking', 'kimi-k2.5'],
      ['minimax-m2', 'minimax-m2.5'],
      ['gemini-3-pro-preview', 'gemini-3.1-pro-preview'],
      ['gemini-2.5-flash', 'gemini-3-flash-preview'],
    ])('sends %s to %s', (requested, resolved) => {
      expect(sut.resolve(requested).id).toBe(resolved);
    });

    it('keeps the explicit Sonnet 4.5 alias on Sonnet 4.5, as the upstream catalogue does', () => {
      expect(sut.resolve('claude-sonnet-4-5').id).toBe('claude-sonnet-4-5-20250929');
    });
  });
});
