export {
  createSentimentEngine,
  DEFAULT_MAX_TEXT_LENGTH,
  labelOfCompound,
  type SentimentEngine,
  type SentimentEngineOptions,
} from './engine';
export {
  decideLanguage,
  detectWithTinyld,
  type LanguageDetector,
  SCORABLE_LANGUAGES,
  UNDETERMINED_LANGUAGE,
} from './language';
export { buildLexicons, type Lexicons } from './lexicons';
export { decodeHtmlEntities, squeezeRepeats, TokenBuffer, tokenize } from './tokenizer';
