import { Module } from '@nestjs/common';
import { ProxyModule } from '../proxy/proxy.module';
import { GenerateController } from './generate.controller';

@Module({ imports: [ProxyModule], controllers: [GenerateController] })
export class GenerateModule {}
