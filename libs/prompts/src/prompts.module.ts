import { Module } from '@nestjs/common';

/** The prompt registry. */
@Module({})
export class PromptsModule {}
