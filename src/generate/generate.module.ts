import { Module } from '@nestjs/common';
import { TransparentModule } from '../transparent/transparent.module';
import { GenerateController } from './generate.controller';

@Module({ imports: [TransparentModule], controllers: [GenerateController] })
export class GenerateModule {}
