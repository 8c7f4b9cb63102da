// class-transformer's @Type reads design metadata: load the polyfill here so the schema works without Nest loaded first.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { REASONING_LEVELS, UPSTREAM_TYPES } from './app-config';

const oneOf = (values: readonly string[]) => ({ message: `must be one of ${values.join(', ')}` });
const urlOptions = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

export class EndpointEntry {
  @IsIn(UPSTREAM_TYPES, oneOf(UPSTREAM_TYPES))
  name: string;

  @IsUrl(urlOptions, { message: 'must be an http(s) URL' })
  base_url: string;
}

export class ProxyEntry {
  @IsString()
  @MinLength(1)
  name: string;

  // Proxy URLs are checked (and bad ones skipped with a warning) by the outbound module, so one typo does not stop the gateway.
  @IsString()
  url: string;
}

export class ModelEntry {
  @IsString()
  @MinLength(1)
  name: string;

  @IsString()
  @MinLength(1)
  id: string;

  @IsIn(UPSTREAM_TYPES, oneOf(UPSTREAM_TYPES))
  type: string;

  @IsOptional()
  @IsIn(REASONING_LEVELS, oneOf(REASONING_LEVELS))
  reasoning?: string;

  @IsOptional()
  @IsString()
  provider?: string | null;

  @IsOptional()
  @IsBoolean()
  fast?: boolean;

  @IsOptional()
  @IsInt()
  @Min(1)
  max_output_tokens?: number;
}

/** The shape of config/config.json (snake_case, as the original droid2api wrote it). */
export class ConfigFile {
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(65535)
  port?: number;

  @IsOptional()
  @IsObject()
  model_redirects?: Record<string, string>;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => EndpointEntry)
  endpoint: EndpointEntry[];

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ProxyEntry)
  proxies?: ProxyEntry[];

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ModelEntry)
  models: ModelEntry[];

  @IsOptional()
  @IsBoolean()
  dev_mode?: boolean;

  @IsOptional()
  @IsString()
  user_agent?: string;

  @IsOptional()
  @IsString()
  system_prompt?: string;

  @IsOptional()
  @IsBoolean()
  user_agent_follow_latest?: boolean;
}
