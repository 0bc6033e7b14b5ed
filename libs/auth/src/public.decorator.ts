import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'gateway:public';

/** Marks a route as reachable without credentials. Every other route is guarded by GatewayAuthGuard. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
