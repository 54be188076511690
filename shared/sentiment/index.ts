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
  ENGLISH_PLAUSIBLE_WITHIN,
  foreignVerdict,
  type LanguageDetector,
  SCORABLE_LANGUAGES,
  UNDETERMINED_LANGUAGE,
} from './language';
export { buildLexicons, type Lexicons } from './lexicons';
export { decodeHtmlEntities, squeezeRepeats, TokenBuffer, tokenize } from './tokenizer';
