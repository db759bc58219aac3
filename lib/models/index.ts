export {
  ModelParameterError,
  RESNET_ARTICLE_PRESETS,
  RESNET_ARTICLE_SHAPE_RULE,
  resnetArticle,
  type ResNetArticleOptions,
  type ResNetArticlePreset,
  type ResNetArticleShape,
  resnetArticleShapeProblem,
} from './resnet-article';
export { paramCounts, type ParamCounts } from './param-counts';
export { buildResNet, RESNET20, type ResNetSpec } from './resnet-cifar';
export { forwardMacs } from './forward-macs';
