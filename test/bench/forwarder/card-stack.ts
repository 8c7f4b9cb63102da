// What the design card itself puts into every request and into the process, and nothing of droid2api's own: the two
// interceptors (the Factory identity and the system prompt, handed to the controller on the request), configuration
// validated with class-validator through @nestjs/config, @nestjs/schedule with one interval job, and @nestjs/terminus
// answering /health. With FORWARDER_CARD=1 the forwarder runs with these; `npm run bench` starts it beside the plain
// one, and the ratio between the two is what the card's stack costs before the gateway does anything of its own.
import { Controller, Get, Injectable, Module, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { Interval, ScheduleModule } from '@nestjs/schedule';
import { HealthCheck, HealthCheckService, TerminusModule, type HealthCheckResult } from '@nestjs/terminus';
import { plainToInstance } from 'class-transformer';
import { IsOptional, IsString, IsUrl, validateSync } from 'class-validator';
import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import type { Observable } from 'rxjs';

// Read once, as the gateway reads its configuration once.
const USER_AGENT = process.env.FORWARDER_USER_AGENT ?? '';
const SYSTEM_PROMPT = process.env.FORWARDER_SYSTEM_PROMPT ?? '';

/** What the interceptors leave on the request for the controller, as droid2api's call context carries them. */
export interface CardRequest extends Request {
  factoryIdentity?: { sessionId: string; messageId: string; userAgent: string };
  systemPrompt?: string;
}

class ForwarderEnvironment {
  @IsUrl({ require_tld: false })
  FORWARDER_UPSTREAM_URL!: string;

  @IsString()
  FORWARDER_API_KEY!: string;

  @IsOptional()
  @IsString()
  FORWARDER_SYSTEM_PROMPT?: string;

  @IsOptional()
  @IsString()
  FORWARDER_USER_AGENT?: string;
}

function validateEnvironment(variables: Record<string, unknown>): Record<string, unknown> {
  const environment = plainToInstance(ForwarderEnvironment, variables);
  const errors = validateSync(environment, { skipMissingProperties: false });
  if (errors.length) throw new Error(`invalid forwarder environment: ${errors.map((e) => e.property).join(', ')}`);
  return variables;
}

@Injectable()
class FactoryIdentityInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<CardRequest>();
    req.factoryIdentity = { sessionId: randomUUID(), messageId: randomUUID(), userAgent: USER_AGENT };
    return next.handle();
  }
}

@Injectable()
class SystemPromptInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    context.switchToHttp().getRequest<CardRequest>().systemPrompt = SYSTEM_PROMPT;
    return next.handle();
  }
}

/** The card's scheduled token refresh, as a job that runs every six hours and has nothing to refresh. */
@Injectable()
class RefreshScheduler {
  @Interval(6 * 60 * 60 * 1000)
  refresh(): void {}
}

@Controller('health')
class HealthController {
  constructor(private readonly health: HealthCheckService) {}

  @Get()
  @HealthCheck()
  check(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }
}

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, validate: validateEnvironment }),
    ScheduleModule.forRoot(),
    TerminusModule,
  ],
  controllers: [HealthController],
  providers: [RefreshScheduler],
})
export class CardStackModule {}

/** Registered globally, so every route passes both, in Nest's interceptor chain, as the gateway's routes do. */
export const cardInterceptors = (): NestInterceptor[] => [new FactoryIdentityInterceptor(), new SystemPromptInterceptor()];
