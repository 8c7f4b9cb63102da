import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, type ModelConfig } from '../config/app-config';
import { ApiError } from '../core/errors/api-error';
import { ModelRedirects } from './model-redirects';

/** The one place a requested model id is resolved to a configured model, for the whole app. */
@Injectable()
export class ModelsService {
  private readonly byId: Map<string, ModelConfig>;
  private readonly redirects: ModelRedirects;

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
    const exact = this.redirects.exactTarget(requested);
    if (exact) return this.byId.get(exact);
    return this.byId.get(requested) ?? this.byId.get(this.redirects.patternTarget(requested) ?? '');
  }

  /** Like `find`, but an unknown id is a 404 that lists what is configured. */
  resolve(requested: string): ModelConfig {
    const model = this.find(requested);
    if (!model) {
      throw ApiError.notFound(
        `The model '${requested}' does not exist. Configured models: ${[...this.byId.keys()].join(', ')}`,
        'model_not_found',
      );
    }
    return model;
  }
}
