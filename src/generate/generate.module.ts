import { Module } from '@nestjs/common';
import { FactoryModule } from '../factory/factory.module';
import { TransparentModule } from '../transparent/transparent.module';
import { GenerateController } from './generate.controller';

@Module({ imports: [TransparentModule, FactoryModule], controllers: [GenerateController] })
export class GenerateModule {}
