import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GatewayConfig } from '@app/common';
import { MetricsModule } from '@app/metrics';
import { PromptRenderer } from './prompt-renderer.js';
import { PromptVersionEntity } from './prompt-version.entity.js';
import { PromptEntity } from './prompt.entity.js';
import { PromptsController } from './prompts.controller.js';
import { PromptsRepository } from './prompts.repository.js';
import { PromptsService } from './prompts.service.js';
import { TypeOrmPromptsRepository } from './typeorm-prompts.repository.js';

/** The prompt registry: versioned Jinja2 prompt templates, rendered in sandboxed worker processes. */
@Module({
  imports: [TypeOrmModule.forFeature([PromptEntity, PromptVersionEntity]), MetricsModule],
  providers: [
    PromptsService,
    { provide: PromptsRepository, useClass: TypeOrmPromptsRepository },
    {
      provide: PromptRenderer,
      useFactory: (config: GatewayConfig) => PromptRenderer.fromConfig(config),
      inject: [GatewayConfig],
    },
  ],
  controllers: [PromptsController],
  exports: [PromptsService],
})
export class PromptsModule {}
