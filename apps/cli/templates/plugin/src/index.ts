export { __CAMEL__Plugin } from './plugin';
export { __CAMEL__ModelSchema, type __PASCAL__Model } from './model';
export { heartbeatProgram } from './heartbeatProgram';
export { map__PASCAL__ } from './mapper';
