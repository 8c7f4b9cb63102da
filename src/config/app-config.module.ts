import { Global, Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { APP_CONFIG, type AppConfig } from './app-config';
import { loadAppConfig, type Env } from './load-app-config';

/** Where the configuration comes from: the process by default, or a test's own variables. */
export interface ConfigSource {
  /** Variables validated instead of the process environment and `.env` (tests never read the process's). */
  env?: Env;
  /** Relative paths (CONFIG_PATH, DATA_DIR …) resolve against it; the working directory by default. */
  cwd?: string;
  /** Applied to the validated configuration (tests point the endpoints at a fake upstream, shorten timeouts). */
  adjust?(config: AppConfig): AppConfig;
}

/** The key the validated configuration is kept under in @nestjs/config's ConfigService. */
const APP_CONFIG_KEY = 'app';

/**
 * Configuration through @nestjs/config: ConfigModule.forRoot reads the environment (with a `.env` in the working
 * directory beneath it, which never overrides a variable already set) and its `validate` runs loadAppConfig once:
 * config.json against the class-validator schema, the variables, the cross-checks. Consumers inject the one typed
 * object as APP_CONFIG. `forRoot` resolves before Nest starts (createApp awaits it), so a bad value ends the process
 * with one ConfigError line rather than a bootstrap stack trace.
 */
@Global()
@Module({})
export class AppConfigModule {
  static async forRoot(source: ConfigSource = {}): Promise<{ module: DynamicModule; config: AppConfig }> {
    const fromProcess = source.env === undefined;
    let config: AppConfig | undefined;
    const nestConfig = await ConfigModule.forRoot({
      isGlobal: true,
      ignoreEnvFile: !fromProcess,
      validatePredefined: fromProcess,
      validate: (variables) => {
        const loaded = loadAppConfig(source.env ?? (variables as Env), source.cwd);
        config = source.adjust ? source.adjust(loaded) : loaded;
        // An object value is kept by ConfigService but never copied into process.env.
        return { [APP_CONFIG_KEY]: config };
      },
    });
    const module: DynamicModule = {
      module: AppConfigModule,
      imports: [nestConfig],
      providers: [
        {
          provide: APP_CONFIG,
          inject: [ConfigService],
          useFactory: (configService: ConfigService) => configService.getOrThrow<AppConfig>(APP_CONFIG_KEY),
        },
      ],
      exports: [APP_CONFIG],
    };
    return { module, config: config! };
  }
}
