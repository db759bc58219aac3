export {
  ModelParameterError, RESNET_ARTICLE_PRESETS, resnetArticle, type ResNetArticleOptions, type ResNetArticlePreset,
  type ResNetArticleShape,
} from './resnet-article';
export { paramCounts, type ParamCounts } from './param-counts';
