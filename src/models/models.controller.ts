import { Controller, Get, Param } from '@nestjs/common';
import type { ModelConfig } from '../config/app-config';
import { ModelsService } from './models.service';

// Factory does not publish creation dates; a fixed timestamp keeps the list stable between restarts.
const CREATED = 1_735_689_600; // 2025-01-01T00:00:00Z

interface OpenAIModel {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
}

@Controller('v1/models')
export class ModelsController {
  constructor(private readonly models: ModelsService) {}

  @Get()
  list(): { object: 'list'; data: OpenAIModel[] } {
    return { object: 'list', data: this.models.list().map(toOpenAIModel) };
  }

  @Get(':id')
  get(@Param('id') id: string): OpenAIModel {
    return toOpenAIModel(this.models.resolve(id));
  }
}

function toOpenAIModel(model: ModelConfig): OpenAIModel {
  return { id: model.id, object: 'model', created: CREATED, owned_by: model.provider ?? model.type };
}
