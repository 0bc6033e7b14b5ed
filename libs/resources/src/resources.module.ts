import { Module } from '@nestjs/common';

/** The resource registry. */
@Module({})
export class ResourcesModule {}
