import type { ModelConfig } from '../../../config/app-config';

export const INTERLEAVED_THINKING_BETA = 'interleaved-thinking-2025-05-14';
export const FAST_MODE_BETA = 'fast-mode-2026-02-01';

/**
 * The `anthropic-beta` value sent upstream: the client's betas (comma-separated, possibly repeated headers;
 * deduplicated, order kept), interleaved thinking added for fixed reasoning levels and removed for `off`, the
 * fast-mode beta added for fast models. Undefined when nothing is left, so no empty header is sent.
 */
export function mergeAnthropicBeta(clientValue: string | string[] | undefined, model: ModelConfig): string | undefined {
  const betas = new Set(splitBetas(clientValue));
  switch (model.reasoning) {
    case 'auto':
      break;
    case 'off':
      betas.delete(INTERLEAVED_THINKING_BETA);
      break;
    case 'low':
    case 'medium':
    case 'high':
    case 'xhigh':
      betas.add(INTERLEAVED_THINKING_BETA);
      break;
    default: {
      const unreachable: never = model.reasoning;
      throw new Error(`unknown reasoning level ${String(unreachable)}`);
    }
  }
  if (model.fast) betas.add(FAST_MODE_BETA);
  return betas.size === 0 ? undefined : [...betas].join(',');
}

function splitBetas(value: string | string[] | undefined): string[] {
  const values = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return values
    .flatMap((entry) => entry.split(','))
    .map((beta) => beta.trim())
    .filter((beta) => beta !== '');
}
