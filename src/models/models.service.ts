import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, type ModelConfig } from '../config/app-config';
import { ApiError } from '../core/errors/api-error';
import { ModelRedirects } from './model-redirects';

// Requested ids are the client's to invent: remember this many (requested, resolved) pairs, then stop logging new ones.
const MAX_LOGGED_REDIRECTS = 1_000;

/** The one place a requested model id is resolved to a configured model, for the whole app. */
@Injectable()
export class ModelsService {
  private readonly logger = new Logger('Models');
  private readonly byId: Map<string, ModelConfig>;
  private readonly redirects: ModelRedirects;
  private readonly loggedRedirects = new Set<string>();

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.byId = new Map(config.models.map((model) => [model.id, model]));
    this.redirects = new ModelRedirects(config.modelRedirects);
  }

  list(): ModelConfig[] {
    return [...this.byId.values()];
  }

  /**
   * Exact redirect first, then the configured ids, then glob redirects: a pattern such as `claude-opus-*` catches the
   * ids clients invent without shadowing a configured model it happens to match.
   */
  find(requested: string): ModelConfig | undefined {
    return this.lookup(requested).model;
  }

  /**
   * Like `find`, but an unknown id is a 404 that lists what is configured. A substitution is never silent: each
   * (requested, resolved) pair is logged once at info level, with the redirect rule that made it.
   */
  resolve(requested: string): ModelConfig {
    const { model, rule } = this.lookup(requested);
    if (model && rule !== undefined) this.noteRedirect(requested, model.id, rule);
    if (!model) {
      throw ApiError.notFound(
        `The model '${requested}' does not exist. Configured models: ${[...this.byId.keys()].join(', ')}`,
        'model_not_found',
      );
    }
    return model;
  }

  private lookup(requested: string): { model?: ModelConfig; rule?: string } {
    const exact = this.redirects.exactTarget(requested);
    if (exact) return { model: this.byId.get(exact), rule: requested };
    const configured = this.byId.get(requested);
    if (configured) return { model: configured };
    const pattern = this.redirects.matchingPattern(requested);
    return pattern ? { model: this.byId.get(pattern.target), rule: pattern.pattern } : {};
  }

  private noteRedirect(requested: string, resolved: string, rule: string): void {
    const pair = `${requested}\u0000${resolved}`;
    if (this.loggedRedirects.has(pair) || this.loggedRedirects.size >= MAX_LOGGED_REDIRECTS) return;
    this.loggedRedirects.add(pair);
    this.logger.log({ requested, resolved, rule }, 'model redirected');
  }
}
