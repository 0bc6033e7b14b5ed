import { Module } from '@nestjs/common';
import { RedocController } from './redoc.controller.js';

@Module({ controllers: [RedocController] })
export class DocsModule {}
